/* dd-directory-page.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-directory-page.h"

#include <glib/gi18n.h>

#include "dd-directory-editor.h"
#include "dd-directory-import-window.h"
#include "dd-directory-request.h"
#include "dd-directory-requests-window.h"
#include "dd-division.h"
#include "dd-gui-util.h"
#include "dd-enums.h"
#include "dd-time.h"

/* How long typing in the field filter waits before it searches (the
 * search entry has its own delay). */
#define FILTER_DELAY_MS 200

struct _DdDirectoryPage
{
  AdwBin              parent_instance;

  DdStoreService     *service;
  GCancellable       *cancellable;
  GCancellable       *search_cancellable;
  GCancellable       *details_cancellable;
  GCancellable       *round_cancellable;
  GCancellable       *requests_cancellable;
  DdDivisionTable    *divisions;
  GPtrArray          *division_codes;
  GtkSingleSelection *results_selection;
  GtkSingleSelection *round_selection;
  DdDirectoryDetails *details;
  char               *verifier;
  guint               filter_source;
  guint               n_pending;
  guint               focus_details : 1;

  /* Template widgets */
  AdwToastOverlay    *toast_overlay;
  AdwLeaflet         *leaflet;
  GtkWidget          *list_pane;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *kind_dropdown;
  GtkDropDown        *division_dropdown;
  GtkRevealer        *team_filter_revealer;
  GtkEntry           *field_entry;
  GtkDropDown        *class_dropdown;
  GtkStack           *list_stack;
  GtkListView        *results_view;
  GtkLabel           *round_label;
  GtkListView        *round_view;
  GtkToggleButton    *round_button;
  AdwButtonContent   *requests_content;
  GtkStack           *details_stack;
  AdwAvatar          *details_avatar;
  GtkLabel           *name_label;
  GtkLabel           *subtitle_label;
  GtkLabel           *meta_label;
  GtkLabel           *details_stale_label;
  GtkLabel           *verified_label;
  GtkButton          *verify_button;
  GtkButton          *edit_button;
  GtkBox             *groups_box;
};

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_CANCELLABLE,
  PROP_IDLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DdDirectoryPage, dd_directory_page, ADW_TYPE_BIN)

/* People-facing names of the CSV columns of every kind. */
static const struct {
  const char *name;
  const char *label;
} column_labels[] = {
  { "unit",            N_("Unit") },
  { "division",        N_("Division") },
  { "name",            N_("Name") },
  { "post",            N_("Post") },
  { "office_phone",    N_("Office phone") },
  { "mobile",          N_("Mobile") },
  { "duty_phone",      N_("Duty phone") },
  { "fax",             N_("Fax") },
  { "note",            N_("Note") },
  { "class",           N_("Class") },
  { "field",           N_("Field") },
  { "fields",          N_("Fields") },
  { "registration",    N_("Registration number") },
  { "owner_unit",      N_("Owner unit") },
  { "address",         N_("Address") },
  { "lat",             N_("Latitude") },
  { "lon",             N_("Longitude") },
  { "headcount",       N_("Headcount") },
  { "equipment",       N_("Equipment") },
  { "contact",         N_("Contact person") },
  { "phone",           N_("Phone") },
  { "readiness",       N_("Readiness") },
  { "title",           N_("Title") },
  { "level",           N_("Level") },
  { "warehouse",       N_("Warehouse") },
  { "item",            N_("Item") },
  { "category",        N_("Category") },
  { "quantity",        N_("Quantity") },
  { "unit_of_measure", N_("Unit of measure") },
  { "updated",         N_("Updated") },
  { "subtypes",        N_("Event types") },
  { "version",         N_("Version") },
  { "date",            N_("Date") },
  { "file",            N_("File") },
  { "sections",        N_("Sections") },
};

/* Columns that hold a phone number: shown with a copy button. */
static const char * const phone_columns[] = {
  "duty_phone", "office_phone", "mobile", "phone", "fax", NULL,
};

static const DdTeamClass team_classes[] = {
  DD_TEAM_CLASS_COMPREHENSIVE,
  DD_TEAM_CLASS_PROFESSIONAL,
  DD_TEAM_CLASS_EXPERT,
  DD_TEAM_CLASS_VOLUNTEER,
};

static void dd_directory_page_search      (DdDirectoryPage *self);
static void dd_directory_page_load_round  (DdDirectoryPage *self);
static void dd_directory_page_count_requests (DdDirectoryPage *self);
static void dd_directory_page_load_details (DdDirectoryPage  *self,
                                            DdDirectoryKind   kind,
                                            const char       *id);

/* ------------------------------------------------------------------ helpers */

static void
dd_directory_page_begin (DdDirectoryPage *self)
{
  if (self->n_pending++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE]);
}

static void
dd_directory_page_end (DdDirectoryPage *self)
{
  g_assert (self->n_pending > 0);

  if (--self->n_pending == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE]);
}

/* Starts a query on one of the page's channels (search, details, round):
 * a query still in flight there is cancelled, and counted out here since
 * its callback returns without a word. A callback that completes clears
 * its channel's cancellable. */
static GCancellable *
dd_directory_page_restart (DdDirectoryPage  *self,
                           GCancellable    **cancellable)
{
  dd_directory_page_begin (self);

  if (*cancellable != NULL)
    {
      g_cancellable_cancel (*cancellable);
      g_clear_object (cancellable);
      dd_directory_page_end (self);
    }

  *cancellable = g_cancellable_new ();

  return *cancellable;
}

static void
add_toast (DdDirectoryPage *self,
           const char      *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 3);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_error (DdDirectoryPage *self,
            const char      *what,
            const GError    *error)
{
  g_autofree char *message = g_strdup_printf ("%s: %s", what, error->message);

  add_toast (self, message);
}

static char *
dup_division_label (DdDirectoryPage *self,
                    const char      *code)
{
  DdDivision *division;

  if (code == NULL || *code == '\0')
    return g_strdup ("");

  division = dd_division_table_lookup (self->divisions, code);
  if (division == NULL)
    return g_strdup (code);

  /* Translators: a division and its code, e.g. "南明区 (520102)" */
  return g_strdup_printf (_("%s (%s)"), dd_division_get_name (division), code);
}

static char *
dup_joined_phones (DdDirectoryEntry *entry)
{
  const char * const *phones = dd_directory_entry_get_phones (entry);

  return g_strjoinv (" · ", (char **) phones);
}

static char *
dup_verified_text (gint64      verified_at_ms,
                   const char *verified_by)
{
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *date = NULL;

  if (verified_at_ms <= 0)
    return g_strdup (_("Never verified"));

  when = dd_time_beijing_from_ms (verified_at_ms);
  /* Translators: a verification date in g_date_time_format() syntax;
   * Chinese: "%Y年%-m月%-d日" */
  /* xgettext:no-c-format */
  date = g_date_time_format (when, _("%Y-%m-%d"));

  if (verified_by == NULL || *verified_by == '\0')
    /* Translators: %s is a date */
    return g_strdup_printf (_("Verified %s"), date);

  /* Translators: %1$s is a date, %2$s who verified */
  return g_strdup_printf (_("Verified %1$s by %2$s"), date, verified_by);
}

static const char *
kind_icon_name (DdDirectoryKind kind)
{
  switch (kind)
    {
    case DD_DIRECTORY_KIND_TEAM:
      return "system-users-symbolic";
    case DD_DIRECTORY_KIND_WAREHOUSE:
    case DD_DIRECTORY_KIND_STOCK:
      return "package-x-generic-symbolic";
    case DD_DIRECTORY_KIND_PLAN:
      return "x-office-document-symbolic";
    case DD_DIRECTORY_KIND_CONTACT:
    case DD_DIRECTORY_KIND_EXPERT:
    default:
      return "avatar-default-symbolic";
    }
}

static gboolean
kind_shows_initials (DdDirectoryKind kind)
{
  return kind == DD_DIRECTORY_KIND_CONTACT || kind == DD_DIRECTORY_KIND_EXPERT;
}

static char *
dup_row_accessible_label (DdDirectoryEntry *entry)
{
  g_autofree char *phones = dup_joined_phones (entry);
  GString *label = g_string_new (dd_directory_entry_get_name (entry));

  g_string_append_printf (label, ", %s", dd_directory_kind_to_label (dd_directory_entry_get_kind (entry)));
  if (*dd_directory_entry_get_division_name (entry) != '\0')
    g_string_append_printf (label, ", %s", dd_directory_entry_get_division_name (entry));
  if (*phones != '\0')
    g_string_append_printf (label, ", %s", phones);
  if (dd_directory_entry_get_stale (entry))
    g_string_append_printf (label, ", %s", _("stale"));

  return g_string_free (label, FALSE);
}

/* ------------------------------------------------------------------ result rows */

typedef struct
{
  AdwAvatar *avatar;
  GtkLabel  *name;
  GtkLabel  *subtitle;
  GtkLabel  *meta;
  GtkLabel  *stale;
} RowWidgets;

static GtkWidget *
row_new (RowWidgets *widgets)
{
  GtkWidget *box;
  GtkWidget *text_box;
  GtkWidget *avatar;
  GtkWidget *name;
  GtkWidget *subtitle;
  GtkWidget *meta;
  GtkWidget *stale;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_name (box, "directory-row");
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  avatar = adw_avatar_new (40, NULL, TRUE);
  gtk_widget_set_valign (avatar, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (avatar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_box_append (GTK_BOX (box), avatar);

  text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (text_box, TRUE);
  gtk_widget_set_valign (text_box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), text_box);

  name = gtk_label_new (NULL);
  gtk_widget_set_name (name, "directory-row-name");
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_box_append (GTK_BOX (text_box), name);

  subtitle = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_box_append (GTK_BOX (text_box), subtitle);

  meta = gtk_label_new (NULL);
  gtk_widget_set_name (meta, "directory-row-meta");
  gtk_label_set_xalign (GTK_LABEL (meta), 0);
  gtk_label_set_ellipsize (GTK_LABEL (meta), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (meta, "caption");
  gtk_widget_add_css_class (meta, "dim-label");
  gtk_widget_add_css_class (meta, "numeric");
  gtk_box_append (GTK_BOX (text_box), meta);

  stale = gtk_label_new (_("Stale"));
  gtk_widget_set_name (stale, "directory-row-stale");
  gtk_widget_set_valign (stale, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (stale, "dd-stale-badge");
  gtk_widget_set_tooltip_text (stale, _("Not verified recently: call to confirm"));
  gtk_box_append (GTK_BOX (box), stale);

  widgets->avatar = ADW_AVATAR (avatar);
  widgets->name = GTK_LABEL (name);
  widgets->subtitle = GTK_LABEL (subtitle);
  widgets->meta = GTK_LABEL (meta);
  widgets->stale = GTK_LABEL (stale);

  return box;
}

static void
row_bind (const RowWidgets *widgets,
          GtkWidget        *box,
          DdDirectoryEntry *entry,
          gboolean          show_verified)
{
  DdDirectoryKind kind = dd_directory_entry_get_kind (entry);
  g_autofree char *phones = dup_joined_phones (entry);
  g_autofree char *meta = NULL;
  g_autofree char *accessible = dup_row_accessible_label (entry);
  const char *subtitle = dd_directory_entry_get_subtitle (entry);
  const char *division = dd_directory_entry_get_division_name (entry);
  GString *text = g_string_new (dd_directory_kind_to_label (kind));

  adw_avatar_set_text (widgets->avatar, dd_directory_entry_get_name (entry));
  adw_avatar_set_show_initials (widgets->avatar, kind_shows_initials (kind));
  adw_avatar_set_icon_name (widgets->avatar, kind_icon_name (kind));

  gtk_label_set_text (widgets->name, dd_directory_entry_get_name (entry));
  gtk_label_set_text (widgets->subtitle, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (widgets->subtitle), *subtitle != '\0');

  if (*division != '\0')
    g_string_append_printf (text, " · %s", division);
  if (show_verified)
    {
      g_autofree char *verified = dup_verified_text (dd_directory_entry_get_verified_at_ms (entry),
                                                     dd_directory_entry_get_verified_by (entry));
      g_string_append_printf (text, " · %s", verified);
    }
  else if (*phones != '\0')
    {
      g_string_append_printf (text, " · %s", phones);
    }
  meta = g_string_free (text, FALSE);
  gtk_label_set_text (widgets->meta, meta);

  gtk_widget_set_visible (GTK_WIDGET (widgets->stale),
                          !show_verified && dd_directory_entry_get_stale (entry));

  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
on_results_factory_setup_cb (GtkSignalListItemFactory *factory,
                             GtkListItem              *list_item,
                             DdDirectoryPage          *self)
{
  RowWidgets *widgets = g_new0 (RowWidgets, 1);
  GtkWidget *box = row_new (widgets);

  g_object_set_data_full (G_OBJECT (box), "dd-row-widgets", widgets, g_free);
  gtk_list_item_set_child (list_item, box);
}

static void
on_results_factory_bind_cb (GtkSignalListItemFactory *factory,
                            GtkListItem              *list_item,
                            DdDirectoryPage          *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);

  row_bind (g_object_get_data (G_OBJECT (box), "dd-row-widgets"), box,
            gtk_list_item_get_item (list_item), FALSE);
}

/* ------------------------------------------------------------------ round rows */

static void
on_verify_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  DdDirectoryPage *self = user_data;
  g_autoptr(DdDirectoryVerification) verification = NULL;
  g_autoptr(GError) error = NULL;

  verification = dd_store_service_directory_verify_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (verification == NULL)
    show_error (self, _("Could not record the verification"), error);
  else
    add_toast (self, _("Marked as verified"));

  dd_directory_page_end (self);
  /* The service's ::changed refreshes the lists and the details. */
}

static void
dd_directory_page_verify (DdDirectoryPage  *self,
                          DdDirectoryEntry *entry,
                          const char       *note)
{
  if (self->service == NULL)
    return;

  dd_directory_page_begin (self);
  dd_store_service_directory_verify_async (self->service,
                                           dd_directory_entry_get_kind (entry),
                                           dd_directory_entry_get_id (entry),
                                           0,
                                           self->verifier,
                                           note != NULL ? note : "",
                                           self->cancellable,
                                           on_verify_cb,
                                           self);
}

static void
on_round_confirm_clicked_cb (GtkButton       *button,
                             DdDirectoryPage *self)
{
  GtkListItem *list_item = g_object_get_data (G_OBJECT (button), "dd-list-item");
  DdDirectoryEntry *entry = gtk_list_item_get_item (list_item);

  if (entry != NULL)
    dd_directory_page_verify (self, entry, "");
}

static void
on_round_edit_clicked_cb (GtkButton       *button,
                          DdDirectoryPage *self)
{
  GtkListItem *list_item = g_object_get_data (G_OBJECT (button), "dd-list-item");
  DdDirectoryEntry *entry = gtk_list_item_get_item (list_item);

  if (entry == NULL)
    return;

  dd_directory_page_edit_entry (self, entry, TRUE);
}

static void
on_round_factory_setup_cb (GtkSignalListItemFactory *factory,
                           GtkListItem              *list_item,
                           DdDirectoryPage          *self)
{
  RowWidgets *widgets = g_new0 (RowWidgets, 1);
  GtkWidget *box = row_new (widgets);
  GtkWidget *confirm;
  GtkWidget *edit;

  confirm = gtk_button_new_from_icon_name ("emblem-ok-symbolic");
  gtk_widget_set_name (confirm, "directory-round-confirm");
  gtk_widget_set_valign (confirm, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (confirm, "flat");
  gtk_widget_set_tooltip_text (confirm, _("Confirm: called, and it is correct"));
  g_object_set_data (G_OBJECT (confirm), "dd-list-item", list_item);
  g_signal_connect_object (confirm, "clicked", G_CALLBACK (on_round_confirm_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (box), confirm);

  edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  gtk_widget_set_name (edit, "directory-round-edit");
  gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (edit, "flat");
  gtk_widget_set_tooltip_text (edit, _("Correct it: change what is wrong and record the call"));
  g_object_set_data (G_OBJECT (edit), "dd-list-item", list_item);
  g_signal_connect_object (edit, "clicked", G_CALLBACK (on_round_edit_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (box), edit);

  g_object_set_data (G_OBJECT (box), "dd-confirm", confirm);
  g_object_set_data (G_OBJECT (box), "dd-edit", edit);
  g_object_set_data_full (G_OBJECT (box), "dd-row-widgets", widgets, g_free);
  gtk_list_item_set_child (list_item, box);
}

static void
on_round_factory_bind_cb (GtkSignalListItemFactory *factory,
                          GtkListItem              *list_item,
                          DdDirectoryPage          *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  DdDirectoryEntry *entry = gtk_list_item_get_item (list_item);
  g_autofree char *confirm = NULL;
  g_autofree char *edit = NULL;

  row_bind (g_object_get_data (G_OBJECT (box), "dd-row-widgets"), box, entry, TRUE);

  /* Translators: the accessible name of a button; %s is an entry's name */
  confirm = g_strdup_printf (_("Confirm %s"), dd_directory_entry_get_name (entry));
  /* Translators: the accessible name of a button; %s is an entry's name */
  edit = g_strdup_printf (_("Correct %s"), dd_directory_entry_get_name (entry));
  gtk_accessible_update_property (GTK_ACCESSIBLE (g_object_get_data (G_OBJECT (box), "dd-confirm")),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, confirm, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (g_object_get_data (G_OBJECT (box), "dd-edit")),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, edit, -1);
}

/* ------------------------------------------------------------------ details */

static void
on_copy_button_clicked_cb (GtkButton       *button,
                           DdDirectoryPage *self)
{
  dd_directory_page_copy_phone (self, g_object_get_data (G_OBJECT (button), "dd-phone"));
}

static GtkWidget *
phone_row_new (DdDirectoryPage *self,
               const char      *phone,
               const char      *label)
{
  GtkWidget *row;
  GtkWidget *button;
  g_autofree char *tooltip = NULL;

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), phone);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), label);
  gtk_widget_add_css_class (row, "property");
  g_object_set_data_full (G_OBJECT (row), "dd-phone", g_strdup (phone), g_free);

  button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  gtk_widget_set_name (button, "directory-copy-phone");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  /* Translators: %s is a phone number */
  tooltip = g_strdup_printf (_("Copy %s"), phone);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  g_object_set_data_full (G_OBJECT (button), "dd-phone", g_strdup (phone), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_copy_button_clicked_cb), self, 0);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);

  return row;
}

/* ------------------------------------------------------------------ plan files */

/* A plan's "file" cell: an address (https://…, file:///…), an absolute
 * path, or a path in the user's Documents folder (where a unit's plans
 * are usually kept). */
static GFile *
dup_plan_file (const char *cell)
{
  g_autofree char *scheme = g_uri_parse_scheme (cell);
  const char *documents;

  if (scheme != NULL)
    return g_file_new_for_uri (cell);
  if (g_path_is_absolute (cell))
    return g_file_new_for_path (cell);
  documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  return g_file_new_build_filename (documents != NULL ? documents : g_get_home_dir (), cell, NULL);
}

static void
on_plan_file_launched_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(DdDirectoryPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_error (self, _("Could not open the plan’s file"), error);
}

static void
on_open_file_clicked_cb (GtkButton       *button,
                         DdDirectoryPage *self)
{
  g_autoptr(GFile) file = dup_plan_file (g_object_get_data (G_OBJECT (button), "dd-file"));
  g_autoptr(GAppLaunchContext) context = NULL;
  g_autofree char *uri = g_file_get_uri (file);

  if (g_file_is_native (file) && !g_file_query_exists (file, NULL))
    {
      g_autofree char *path = g_file_get_path (file);
      /* Translators: %s is a file's path */
      g_autofree char *message = g_strdup_printf (_("The plan’s file is not on this computer: %s"), path);

      add_toast (self, message);
      return;
    }

  context = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self))));
  g_app_info_launch_default_for_uri_async (uri, context, self->cancellable, on_plan_file_launched_cb,
                                           g_object_ref (self));
}

static void
on_remove_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  DdDirectoryPage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dd_store_service_directory_remove_finish (DD_STORE_SERVICE (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    show_error (self, _("Could not remove the person"), error);
  else
    add_toast (self, _("Removed"));

  dd_directory_page_end (self);
}

static void
on_remove_dialog_response_cb (AdwMessageDialog *dialog,
                              const char       *response,
                              DdDirectoryPage  *self)
{
  DdDirectoryEntry *person = g_object_get_data (G_OBJECT (dialog), "dd-entry");

  if (!g_str_equal (response, "remove") || self->service == NULL)
    return;

  dd_directory_page_begin (self);
  dd_store_service_directory_remove_async (self->service, DD_DIRECTORY_KIND_CONTACT,
                                           dd_directory_entry_get_id (person),
                                           self->cancellable, on_remove_cb, self);
}

static void
on_remove_person_clicked_cb (GtkButton       *button,
                             DdDirectoryPage *self)
{
  DdDirectoryEntry *person = g_object_get_data (G_OBJECT (button), "dd-entry");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL, NULL);
  /* Translators: %s is a person's name */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Remove %s?"),
                                     dd_directory_entry_get_name (person));
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("The person is taken off the unit’s list. Their verifications stay on record."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "dd-entry", g_object_ref (person), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_add_person_clicked_cb (GtkButton       *button,
                          DdDirectoryPage *self)
{
  if (self->details != NULL && self->details->row != NULL)
    dd_directory_page_add_person (self);
}

static GtkWidget *
group_new (DdDirectoryPage *self,
           const char      *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_box_append (self->groups_box, group);

  return group;
}

static char *
dup_cell_text (DdDirectoryPage *self,
               const char      *column,
               const char      *value)
{
  if (g_str_equal (column, "division"))
    return dup_division_label (self, value);

  if (g_str_equal (column, "class"))
    {
      DdTeamClass klass;

      if (dd_team_class_from_string (value, &klass))
        return g_strdup (dd_team_class_to_label (klass));
    }

  if (g_str_equal (column, "level"))
    {
      DdLevel level;

      if (dd_level_from_string (value, &level))
        return g_strdup (dd_level_get_label (level));
    }

  if (g_str_equal (column, "subtypes"))
    {
      g_auto(GStrv) ids = g_strsplit (value, ";", -1);
      GString *text = g_string_new (NULL);

      for (guint i = 0; ids[i] != NULL; i++)
        {
          DdSubtype *subtype = dd_taxonomy_lookup (dd_taxonomy_get_default (), ids[i]);

          if (text->len > 0)
            g_string_append (text, "、");
          g_string_append (text, subtype != NULL ? dd_subtype_get_name_zh (subtype) : ids[i]);
        }

      return g_string_free (text, FALSE);
    }

  return g_strdup (value);
}

static void
dd_directory_page_clear_groups (DdDirectoryPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);
}

static void
dd_directory_page_fill_details (DdDirectoryPage *self)
{
  DdDirectoryDetails *details = self->details;
  DdDirectoryEntry *entry = details->entry;
  DdDirectoryKind kind = dd_directory_entry_get_kind (entry);
  const DdDirectoryColumn *columns;
  const char *subtitle = dd_directory_entry_get_subtitle (entry);
  const char *name_column;
  g_autofree char *meta = NULL;
  g_autofree char *verified = NULL;
  g_autofree char *division = NULL;
  GtkWidget *phones_group = NULL;
  GtkWidget *fields_group = NULL;
  guint n_columns = 0;
  /* A unit's own line: its people can be added and removed here. */
  gboolean is_unit = kind == DD_DIRECTORY_KIND_CONTACT && details->row != NULL &&
                     *dd_directory_row_get (details->row, kind, "name") == '\0';

  adw_avatar_set_text (self->details_avatar, dd_directory_entry_get_name (entry));
  adw_avatar_set_show_initials (self->details_avatar, kind_shows_initials (kind));
  adw_avatar_set_icon_name (self->details_avatar, kind_icon_name (kind));

  gtk_label_set_text (self->name_label, dd_directory_entry_get_name (entry));
  gtk_label_set_text (self->subtitle_label, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), *subtitle != '\0');

  division = dup_division_label (self, dd_directory_entry_get_division (entry));
  if (*division != '\0')
    meta = g_strdup_printf ("%s · %s", dd_directory_kind_to_label (kind), division);
  else
    meta = g_strdup (dd_directory_kind_to_label (kind));
  if (!details->own)
    {
      g_autofree char *with_publisher = NULL;

      /* Translators: %1$s the kind and division, %2$s the unit that
       * publishes the entry: "Rescue team · 南明区 · published by 贵州省" */
      with_publisher = g_strdup_printf (_("%1$s · published by %2$s"), meta, details->publisher_name);
      g_free (meta);
      meta = g_steal_pointer (&with_publisher);
    }
  gtk_label_set_text (self->meta_label, meta);

  /* Another unit's entry changes through a request to its publisher. */
  gtk_button_set_label (self->edit_button, details->own ? _("_Edit…") : _("Request _Change…"));
  if (details->own)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->edit_button), _("Change the entry’s fields"));
  else
    {
      g_autofree char *tooltip = g_strdup_printf (_("Ask %s, which publishes the entry, to change it"),
                                                  details->publisher_name);

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->edit_button), tooltip);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->details_stale_label), dd_directory_entry_get_stale (entry));
  verified = dup_verified_text (dd_directory_entry_get_verified_at_ms (entry),
                                dd_directory_entry_get_verified_by (entry));
  gtk_label_set_text (self->verified_label, verified);

  gtk_widget_set_visible (GTK_WIDGET (self->verify_button), kind != DD_DIRECTORY_KIND_STOCK);


  dd_directory_page_clear_groups (self);

  switch (kind)
    {
    case DD_DIRECTORY_KIND_PLAN:
      name_column = "title";
      break;
    case DD_DIRECTORY_KIND_STOCK:
      name_column = "item";
      break;
    case DD_DIRECTORY_KIND_CONTACT:
    case DD_DIRECTORY_KIND_TEAM:
    case DD_DIRECTORY_KIND_EXPERT:
    case DD_DIRECTORY_KIND_WAREHOUSE:
    default:
      name_column = "name";
      break;
    }

  columns = dd_directory_kind_get_columns (kind, &n_columns);

  /* Phones first: what the officer came for. */
  for (guint i = 0; details->row != NULL && i < n_columns; i++)
    {
      const char *value = details->row->values[i];

      if (value == NULL || *value == '\0' || !g_strv_contains (phone_columns, columns[i].name))
        continue;

      if (phones_group == NULL)
        phones_group = group_new (self, _("Phones"));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (phones_group),
                                 phone_row_new (self, value, dd_directory_column_get_label (columns[i].name)));
    }

  /* A bare entry (no row): its phones as the list gives them. */
  if (details->row == NULL)
    {
      const char * const *phones = dd_directory_entry_get_phones (entry);

      for (guint i = 0; phones[i] != NULL; i++)
        {
          if (phones_group == NULL)
            phones_group = group_new (self, _("Phones"));
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (phones_group),
                                     phone_row_new (self, phones[i], _("Phone")));
        }
    }

  for (guint i = 0; details->row != NULL && i < n_columns; i++)
    {
      const char *value = details->row->values[i];
      g_autofree char *text = NULL;
      GtkWidget *row;

      /* A plan's sections follow as groups of their own. */
      if (value == NULL || *value == '\0' ||
          g_strv_contains (phone_columns, columns[i].name) ||
          g_str_equal (columns[i].name, name_column) ||
          g_str_equal (columns[i].name, "sections"))
        continue;

      if (fields_group == NULL)
        fields_group = group_new (self, _("Details"));

      text = dup_cell_text (self, columns[i].name, value);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), dd_directory_column_get_label (columns[i].name));
      gtk_widget_add_css_class (row, "property");
      if (kind == DD_DIRECTORY_KIND_PLAN && g_str_equal (columns[i].name, "file"))
        {
          GtkWidget *open = gtk_button_new_with_mnemonic (_("_Open"));
          /* Translators: %s is a file's name or address */
          g_autofree char *tooltip = g_strdup_printf (_("Open %s"), value);

          gtk_widget_set_name (open, "directory-open-file");
          gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (open, tooltip);
          g_object_set_data_full (G_OBJECT (open), "dd-file", g_strdup (value), g_free);
          g_signal_connect_object (open, "clicked", G_CALLBACK (on_open_file_clicked_cb), self, 0);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), open);
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (fields_group), row);
    }

  if (details->children != NULL && (details->children->len > 0 || is_unit))
    {
      GtkWidget *group;

      group = group_new (self, kind == DD_DIRECTORY_KIND_WAREHOUSE ? _("Stock") : _("People"));
      if (is_unit && details->own)
        {
          GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Person…"));

          gtk_widget_set_name (add, "directory-add-person");
          gtk_widget_add_css_class (add, "flat");
          g_signal_connect_object (add, "clicked", G_CALLBACK (on_add_person_clicked_cb), self, 0);
          adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), add);
        }

      for (guint i = 0; i < details->children->len; i++)
        {
          DdDirectoryEntry *child = g_ptr_array_index (details->children, i);
          const char * const *phones = dd_directory_entry_get_phones (child);
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), dd_directory_entry_get_name (child));
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), dd_directory_entry_get_subtitle (child));

          for (guint j = 0; phones[j] != NULL; j++)
            {
              GtkWidget *button = gtk_button_new_with_label (phones[j]);
              g_autofree char *tooltip = g_strdup_printf (_("Copy %s"), phones[j]);

              gtk_widget_set_name (button, "directory-copy-phone");
              gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
              gtk_widget_add_css_class (button, "flat");
              gtk_widget_add_css_class (button, "numeric");
              gtk_widget_set_tooltip_text (button, tooltip);
              gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                              GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
              g_object_set_data_full (G_OBJECT (button), "dd-phone", g_strdup (phones[j]), g_free);
              g_signal_connect_object (button, "clicked", G_CALLBACK (on_copy_button_clicked_cb), self, 0);
              adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
              if (j == 0)
                g_object_set_data_full (G_OBJECT (row), "dd-phone", g_strdup (phones[j]), g_free);
            }

          if (is_unit && details->own)
            {
              GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
              /* Translators: the accessible name of a button; %s is a person's name */
              g_autofree char *label = g_strdup_printf (_("Remove %s"), dd_directory_entry_get_name (child));

              gtk_widget_set_name (remove, "directory-remove-person");
              gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
              gtk_widget_add_css_class (remove, "flat");
              gtk_widget_set_tooltip_text (remove, label);
              gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
              g_object_set_data_full (G_OBJECT (remove), "dd-entry", g_object_ref (child), g_object_unref);
              g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_person_clicked_cb), self, 0);
              adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
            }

          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
        }
    }

  for (guint i = 0; details->sections != NULL && i + 1 < details->sections->len; i += 2)
    {
      GtkWidget *group = group_new (self, g_ptr_array_index (details->sections, i));
      GtkWidget *body = gtk_label_new (g_ptr_array_index (details->sections, i + 1));

      gtk_label_set_wrap (GTK_LABEL (body), TRUE);
      gtk_label_set_xalign (GTK_LABEL (body), 0);
      gtk_label_set_selectable (GTK_LABEL (body), TRUE);
      gtk_widget_add_css_class (body, "card");
      gtk_widget_add_css_class (body, "dd-plan-section");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), body);
    }

  if (details->verifications != NULL && details->verifications->len > 0)
    {
      GtkWidget *group = group_new (self, _("Verification History"));

      for (guint i = 0; i < details->verifications->len; i++)
        {
          DdDirectoryVerification *verification = g_ptr_array_index (details->verifications, i);
          g_autofree char *title = dup_verified_text (verification->verified_at_ms,
                                                      verification->verified_by);
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
          if (verification->note != NULL && *verification->note != '\0')
            adw_action_row_set_subtitle (ADW_ACTION_ROW (row), verification->note);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
        }
    }
}

static void
on_details_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  DdDirectoryPage *self = user_data;
  g_autoptr(DdDirectoryDetails) details = NULL;
  g_autoptr(GError) error = NULL;

  details = dd_store_service_directory_get_details_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->details_cancellable);

  if (details == NULL)
    {
      /* Gone (e.g. replaced by an import): nothing to show. */
      g_clear_pointer (&self->details, dd_directory_details_free);
      gtk_stack_set_visible_child_name (self->details_stack, "none");
      if (!g_error_matches (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND))
        show_error (self, _("Could not open the entry"), error);
    }
  else
    {
      g_clear_pointer (&self->details, dd_directory_details_free);
      self->details = g_steal_pointer (&details);
      dd_directory_page_fill_details (self);
      gtk_stack_set_visible_child_name (self->details_stack, "details");

      if (self->focus_details)
        {
          GtkWidget *first = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box));

          self->focus_details = FALSE;
          if (first == NULL || !gtk_widget_child_focus (first, GTK_DIR_TAB_FORWARD))
            gtk_widget_grab_focus (GTK_WIDGET (self->verify_button));
        }
    }

  dd_directory_page_end (self);
}

static void
dd_directory_page_load_details (DdDirectoryPage *self,
                                DdDirectoryKind  kind,
                                const char      *id)
{
  if (self->service == NULL)
    return;

  dd_store_service_directory_get_details_async (self->service, kind, id,
                                                dd_directory_page_restart (self, &self->details_cancellable),
                                                on_details_cb, self);
}

static void
on_search_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  DdDirectoryPage *self = user_data;
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;

  results = dd_store_service_directory_search_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->search_cancellable);

  if (results == NULL)
    {
      show_error (self, _("Could not search the directory"), error);
      results = G_LIST_MODEL (g_list_store_new (DD_TYPE_DIRECTORY_ENTRY));
    }

  gtk_single_selection_set_model (self->results_selection, results);
  gtk_single_selection_set_selected (self->results_selection, GTK_INVALID_LIST_POSITION);

  if (!gtk_toggle_button_get_active (self->round_button))
    gtk_stack_set_visible_child_name (self->list_stack,
                                      g_list_model_get_n_items (results) > 0 ? "results" : "empty");

  dd_directory_page_end (self);
}

static DdDirectoryKind
selected_kind (DdDirectoryPage *self,
               gboolean        *all)
{
  guint selected = gtk_drop_down_get_selected (self->kind_dropdown);

  *all = selected == 0 || selected == GTK_INVALID_LIST_POSITION;

  return *all ? DD_DIRECTORY_KIND_CONTACT : (DdDirectoryKind) (selected - 1);
}

static void
dd_directory_page_search (DdDirectoryPage *self)
{
  DdDirectoryQuery query = { 0 };
  g_autofree char *field = NULL;
  DdDirectoryKind kind;
  gboolean all_kinds;
  guint division;
  guint klass;
  gboolean teams_or_experts;

  g_clear_handle_id (&self->filter_source, g_source_remove);

  if (self->service == NULL)
    return;

  kind = selected_kind (self, &all_kinds);
  teams_or_experts = !all_kinds && (kind == DD_DIRECTORY_KIND_TEAM || kind == DD_DIRECTORY_KIND_EXPERT);
  gtk_revealer_set_reveal_child (self->team_filter_revealer, teams_or_experts);
  gtk_widget_set_sensitive (GTK_WIDGET (self->class_dropdown), !all_kinds && kind == DD_DIRECTORY_KIND_TEAM);

  query.text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  query.kinds = all_kinds ? 0 : 1u << kind;

  division = gtk_drop_down_get_selected (self->division_dropdown);
  if (division != GTK_INVALID_LIST_POSITION && division > 0 && division < self->division_codes->len)
    query.division = g_ptr_array_index (self->division_codes, division);

  if (teams_or_experts)
    {
      field = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->field_entry))));
      if (*field != '\0')
        query.field = field;

      klass = gtk_drop_down_get_selected (self->class_dropdown);
      if (kind == DD_DIRECTORY_KIND_TEAM && klass != GTK_INVALID_LIST_POSITION && klass > 0)
        query.team_class = dd_team_class_to_string (team_classes[klass - 1]);
    }

  /* The newest query wins: an older one still queued is dropped. */
  dd_store_service_directory_search_async (self->service, &query,
                                           dd_directory_page_restart (self, &self->search_cancellable),
                                           on_search_cb, self);
}

static void
on_round_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  DdDirectoryPage *self = user_data;
  g_autoptr(GListModel) stale = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n_items;

  stale = dd_store_service_directory_list_stale_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->round_cancellable);

  if (stale == NULL)
    {
      show_error (self, _("Could not list the entries to verify"), error);
      stale = G_LIST_MODEL (g_list_store_new (DD_TYPE_DIRECTORY_ENTRY));
    }

  gtk_single_selection_set_model (self->round_selection, stale);
  gtk_single_selection_set_selected (self->round_selection, GTK_INVALID_LIST_POSITION);

  n_items = g_list_model_get_n_items (stale);
  text = g_strdup_printf (ngettext ("%u entry to call and confirm, oldest first",
                                    "%u entries to call and confirm, oldest first",
                                    n_items),
                          n_items);
  gtk_label_set_text (self->round_label, text);

  if (gtk_toggle_button_get_active (self->round_button))
    gtk_stack_set_visible_child_name (self->list_stack, n_items > 0 ? "round" : "round-done");

  dd_directory_page_end (self);
}

static void
dd_directory_page_load_round (DdDirectoryPage *self)
{
  if (self->service == NULL)
    return;

  dd_store_service_directory_list_stale_async (self->service,
                                               dd_directory_page_restart (self, &self->round_cancellable),
                                               on_round_cb, self);
}

/* ------------------------------------------------------------------ import, export */

static void
on_import_window_imported_cb (DdDirectoryImportWindow *window,
                              guint                    n_new,
                              guint                    n_changed,
                              DdDirectoryPage         *self)
{
  g_autofree char *message = NULL;

  /* Translators: after an import; %1$u new entries, %2$u changed ones */
  message = g_strdup_printf (_("Imported: %1$u new, %2$u changed"), n_new, n_changed);
  add_toast (self, message);
}

static void
on_import_chooser_response_cb (GtkNativeDialog *chooser,
                               int              response,
                               DdDirectoryPage *self)
{
  DdDirectoryKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (chooser), "dd-kind"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      dd_directory_page_preview_import (self, kind, file);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
on_export_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  DdDirectoryPage *self;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (!dd_store_service_directory_export_finish (DD_STORE_SERVICE (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = g_object_get_data (G_OBJECT (file), "dd-page");
  g_assert (DD_IS_DIRECTORY_PAGE (self));

  if (error != NULL)
    {
      show_error (self, _("Could not export"), error);
    }
  else
    {
      name = g_file_get_basename (file);
      /* Translators: %s is a file name */
      message = g_strdup_printf (_("Exported to %s"), name);
      add_toast (self, message);
    }

  dd_directory_page_end (self);
}

static void
on_export_chooser_response_cb (GtkNativeDialog *chooser,
                               int              response,
                               DdDirectoryPage *self)
{
  DdDirectoryKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (chooser), "dd-kind"));

  if (response == GTK_RESPONSE_ACCEPT && self->service != NULL)
    {
      GFile *file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      /* The file carries the page to the callback; the page outlives it
       * (the window's cancellable is cancelled before the page goes). */
      g_object_set_data (G_OBJECT (file), "dd-page", self);
      dd_directory_page_begin (self);
      dd_store_service_directory_export_async (self->service, kind, file, self->cancellable,
                                               on_export_cb, file);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

/* The one place that asks for files (GtkFileChooserNative is replaced by
 * GtkFileDialog in GTK 4.10). */
static void
dd_directory_page_choose_file (DdDirectoryPage *self,
                               DdDirectoryKind  kind,
                               gboolean         save)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *title = NULL;
  g_autofree char *suggested = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_pattern (filter, "*.CSV");

  if (save)
    /* Translators: %s is a kind of directory entries, e.g. "Experts" */
    title = g_strdup_printf (_("Export %s"), dd_directory_kind_to_label (kind));
  else
    /* Translators: %s is a kind of directory entries, e.g. "Experts" */
    title = g_strdup_printf (_("Import %s"), dd_directory_kind_to_label (kind));

  chooser = gtk_file_chooser_native_new (title,
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         save ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
                                         save ? _("_Export") : _("_Open"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_set_data (G_OBJECT (chooser), "dd-kind", GUINT_TO_POINTER (kind));

  if (save)
    {
      suggested = g_strdup_printf ("%s.csv", dd_directory_kind_to_string (kind));
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);
      g_signal_connect_object (chooser, "response", G_CALLBACK (on_export_chooser_response_cb), self, 0);
    }
  else
    {
      g_signal_connect_object (chooser, "response", G_CALLBACK (on_import_chooser_response_cb), self, 0);
    }

  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
dd_directory_page_import_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  DdDirectoryKind kind;

  if (dd_directory_kind_from_string (g_variant_get_string (parameter, NULL), &kind))
    dd_directory_page_choose_file (DD_DIRECTORY_PAGE (widget), kind, FALSE);
}

static void
dd_directory_page_export_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  DdDirectoryKind kind;

  if (dd_directory_kind_from_string (g_variant_get_string (parameter, NULL), &kind))
    dd_directory_page_choose_file (DD_DIRECTORY_PAGE (widget), kind, TRUE);
}

/* ------------------------------------------------------------------ keyboard */

static gboolean
on_focus_search_shortcut_cb (GtkWidget *widget,
                             GVariant  *args,
                             gpointer   user_data)
{
  DdDirectoryPage *self = DD_DIRECTORY_PAGE (widget);

  /* Managed by the window: only while the Directory is on screen. */
  if (!gtk_widget_get_mapped (widget))
    return FALSE;

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_toggle_button_set_active (self->round_button, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);

  return TRUE;
}

static gboolean
on_copy_shortcut_cb (GtkWidget *widget,
                     GVariant  *args,
                     gpointer   user_data)
{
  DdDirectoryPage *self = DD_DIRECTORY_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  DdDirectoryEntry *entry;
  const char * const *phones;

  /* A phone row (or its copy button) in the details. */
  for (GtkWidget *w = focus; w != NULL && w != widget; w = gtk_widget_get_parent (w))
    {
      const char *phone = g_object_get_data (G_OBJECT (w), "dd-phone");

      if (phone != NULL)
        {
          dd_directory_page_copy_phone (self, phone);
          return TRUE;
        }
    }

  /* The selected result: its first phone. */
  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->results_view)))
    return FALSE;

  entry = gtk_single_selection_get_selected_item (self->results_selection);
  if (entry == NULL)
    return FALSE;

  phones = dd_directory_entry_get_phones (entry);
  if (phones[0] == NULL)
    return FALSE;

  dd_directory_page_copy_phone (self, phones[0]);

  return TRUE;
}

static gboolean
on_search_key_pressed_cb (GtkEventControllerKey *controller,
                          guint                  keyval,
                          guint                  keycode,
                          GdkModifierType        state,
                          DdDirectoryPage       *self)
{
  GtkSingleSelection *selection;
  GtkListView *view;

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return FALSE;

  if (gtk_toggle_button_get_active (self->round_button))
    {
      selection = self->round_selection;
      view = self->round_view;
    }
  else
    {
      selection = self->results_selection;
      view = self->results_view;
    }

  if (g_list_model_get_n_items (G_LIST_MODEL (selection)) == 0)
    return FALSE;

  if (gtk_single_selection_get_selected (selection) == GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (selection, 0);
  gtk_widget_activate_action (GTK_WIDGET (view), "list.scroll-to-item", "u",
                              gtk_single_selection_get_selected (selection));
  gtk_widget_child_focus (GTK_WIDGET (view), GTK_DIR_TAB_FORWARD);

  return TRUE;
}

/* ------------------------------------------------------------------ callbacks */

static void
on_search_entry_search_changed_cb (GtkSearchEntry  *entry,
                                   DdDirectoryPage *self)
{
  if (gtk_toggle_button_get_active (self->round_button) &&
      *gtk_editable_get_text (GTK_EDITABLE (entry)) != '\0')
    gtk_toggle_button_set_active (self->round_button, FALSE);

  dd_directory_page_search (self);
}

static void
on_search_entry_activate_cb (GtkSearchEntry  *entry,
                             DdDirectoryPage *self)
{
  GListModel *model = G_LIST_MODEL (self->results_selection);
  g_autoptr(DdDirectoryEntry) first = NULL;

  if (g_list_model_get_n_items (model) == 0)
    return;

  gtk_single_selection_set_selected (self->results_selection, 0);
  first = g_list_model_get_item (model, 0);
  dd_directory_page_show_entry (self, first);
}

static void
on_search_entry_stop_search_cb (GtkSearchEntry  *entry,
                                DdDirectoryPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
on_filter_changed_cb (GObject         *object,
                      GParamSpec      *pspec,
                      DdDirectoryPage *self)
{
  dd_directory_page_search (self);
}

static gboolean
on_filter_timeout_cb (gpointer user_data)
{
  DdDirectoryPage *self = user_data;

  self->filter_source = 0;
  dd_directory_page_search (self);

  return G_SOURCE_REMOVE;
}

static void
on_field_entry_changed_cb (GtkEditable     *editable,
                           DdDirectoryPage *self)
{
  g_clear_handle_id (&self->filter_source, g_source_remove);
  self->filter_source = g_timeout_add (FILTER_DELAY_MS, on_filter_timeout_cb, self);
}

static void
on_results_selection_changed_cb (GtkSingleSelection *selection,
                                 GParamSpec         *pspec,
                                 DdDirectoryPage    *self)
{
  DdDirectoryEntry *entry = gtk_single_selection_get_selected_item (selection);

  if (entry != NULL)
    dd_directory_page_load_details (self,
                                    dd_directory_entry_get_kind (entry),
                                    dd_directory_entry_get_id (entry));
}

static void
on_results_view_activate_cb (GtkListView     *view,
                             guint            position,
                             DdDirectoryPage *self)
{
  g_autoptr(DdDirectoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->results_selection), position);

  if (entry != NULL)
    dd_directory_page_show_entry (self, entry);
}

static void
on_round_view_activate_cb (GtkListView     *view,
                           guint            position,
                           DdDirectoryPage *self)
{
  g_autoptr(DdDirectoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->round_selection), position);

  if (entry != NULL)
    dd_directory_page_show_entry (self, entry);
}

static void
on_round_button_toggled_cb (GtkToggleButton *button,
                            DdDirectoryPage *self)
{
  if (gtk_toggle_button_get_active (button))
    {
      gtk_label_set_text (self->round_label, "");
      gtk_stack_set_visible_child_name (self->list_stack, "round");
      dd_directory_page_load_round (self);
    }
  else
    {
      gtk_stack_set_visible_child_name (self->list_stack,
                                        g_list_model_get_n_items (G_LIST_MODEL (self->results_selection)) > 0
                                        ? "results" : "empty");
    }
}

static void
on_back_button_clicked_cb (GtkButton       *button,
                           DdDirectoryPage *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
on_verify_button_clicked_cb (GtkButton       *button,
                             DdDirectoryPage *self)
{
  if (self->details != NULL)
    dd_directory_page_verify (self, self->details->entry, "");
}

static void
on_edit_button_clicked_cb (GtkButton       *button,
                           DdDirectoryPage *self)
{
  if (self->details != NULL)
    dd_directory_page_edit_entry (self, self->details->entry, FALSE);
}

/* ------------------------------------------------------------------ change requests */

static void
on_requests_counted_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  DdDirectoryPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  gint64 n;

  n = dd_store_service_directory_count_waiting_requests_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->requests_cancellable);
  dd_directory_page_end (self);

  /* Translators: the button of the change requests waiting for this desk */
  label = n > 0 ? g_strdup_printf (_("Change _Requests (%u)"), (guint) n) : g_strdup (_("Change _Requests"));
  adw_button_content_set_label (self->requests_content, label);
}

static void
dd_directory_page_count_requests (DdDirectoryPage *self)
{
  if (self->service == NULL)
    return;
  dd_store_service_directory_count_waiting_requests_async (self->service,
                                                           dd_directory_page_restart (self,
                                                                                      &self->requests_cancellable),
                                                           on_requests_counted_cb, self);
}

static void
on_requests_button_clicked_cb (GtkButton       *button,
                               DdDirectoryPage *self)
{
  dd_directory_page_open_requests (self);
}

GtkWindow *
dd_directory_page_open_requests (DdDirectoryPage *self)
{
  GtkRoot *root;
  GtkWidget *window;

  g_return_val_if_fail (DD_IS_DIRECTORY_PAGE (self), NULL);
  g_return_val_if_fail (self->service != NULL, NULL);

  window = dd_directory_requests_window_new (self->service, self->verifier);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

static void
on_service_changed_cb (DdStoreService  *service,
                       DdDirectoryPage *self)
{
  dd_directory_page_search (self);
  dd_directory_page_count_requests (self);

  if (gtk_toggle_button_get_active (self->round_button))
    dd_directory_page_load_round (self);

  if (self->details != NULL)
    dd_directory_page_load_details (self,
                                    dd_directory_entry_get_kind (self->details->entry),
                                    dd_directory_entry_get_id (self->details->entry));
}

static void
dd_directory_page_set_service (DdDirectoryPage *self,
                               DdStoreService  *service)
{
  if (self->service == service)
    return;

  if (self->service != NULL)
    g_signal_handlers_disconnect_by_func (self->service, on_service_changed_cb, self);

  g_set_object (&self->service, service);

  if (self->service != NULL)
    g_signal_connect_object (self->service, "changed",
                             G_CALLBACK (on_service_changed_cb), self, 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICE]);
  dd_directory_page_search (self);
  dd_directory_page_count_requests (self);
}

static void
dd_directory_page_setup_filters (DdDirectoryPage *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) classes = gtk_string_list_new (NULL);
  GListModel *table = G_LIST_MODEL (self->divisions);

  gtk_string_list_append (kinds, _("All kinds"));
  for (guint i = 0; i < DD_DIRECTORY_N_KINDS; i++)
    gtk_string_list_append (kinds, dd_directory_kind_to_label ((DdDirectoryKind) i));
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kinds));

  gtk_string_list_append (classes, _("All classes"));
  for (guint i = 0; i < G_N_ELEMENTS (team_classes); i++)
    gtk_string_list_append (classes, dd_team_class_to_label (team_classes[i]));
  gtk_drop_down_set_model (self->class_dropdown, G_LIST_MODEL (classes));

  g_clear_pointer (&self->division_codes, g_ptr_array_unref);
  self->division_codes = dd_division_dropdown_fill (self->division_dropdown, table, _("All divisions"));
}

/* ------------------------------------------------------------------ vfuncs */

static void
dd_directory_page_dispose (GObject *object)
{
  DdDirectoryPage *self = DD_DIRECTORY_PAGE (object);

  g_clear_handle_id (&self->filter_source, g_source_remove);

  /* Every callback returns at once on cancellation, without touching us. */
  if (self->search_cancellable != NULL)
    g_cancellable_cancel (self->search_cancellable);
  if (self->details_cancellable != NULL)
    g_cancellable_cancel (self->details_cancellable);
  if (self->round_cancellable != NULL)
    g_cancellable_cancel (self->round_cancellable);
  if (self->requests_cancellable != NULL)
    g_cancellable_cancel (self->requests_cancellable);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  if (self->service != NULL)
    g_signal_handlers_disconnect_by_func (self->service, on_service_changed_cb, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_DIRECTORY_PAGE);

  G_OBJECT_CLASS (dd_directory_page_parent_class)->dispose (object);
}

static void
dd_directory_page_finalize (GObject *object)
{
  DdDirectoryPage *self = DD_DIRECTORY_PAGE (object);

  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->details_cancellable);
  g_clear_object (&self->round_cancellable);
  g_clear_object (&self->requests_cancellable);
  g_clear_object (&self->divisions);
  g_clear_object (&self->results_selection);
  g_clear_object (&self->round_selection);
  g_clear_pointer (&self->division_codes, g_ptr_array_unref);
  g_clear_pointer (&self->details, dd_directory_details_free);
  g_clear_pointer (&self->verifier, g_free);

  G_OBJECT_CLASS (dd_directory_page_parent_class)->finalize (object);
}

static void
dd_directory_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DdDirectoryPage *self = DD_DIRECTORY_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;

    case PROP_CANCELLABLE:
      g_value_set_object (value, self->cancellable);
      break;

    case PROP_IDLE:
      g_value_set_boolean (value, dd_directory_page_get_idle (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_directory_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DdDirectoryPage *self = DD_DIRECTORY_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      dd_directory_page_set_service (self, g_value_get_object (value));
      break;

    case PROP_CANCELLABLE:
      if (g_set_object (&self->cancellable, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_directory_page_class_init (DdDirectoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_directory_page_dispose;
  object_class->finalize = dd_directory_page_finalize;
  object_class->get_property = dd_directory_page_get_property;
  object_class->set_property = dd_directory_page_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL,
                         DD_TYPE_STORE_SERVICE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CANCELLABLE] =
    g_param_spec_object ("cancellable", NULL, NULL,
                         G_TYPE_CANCELLABLE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_IDLE] =
    g_param_spec_boolean ("idle", NULL, NULL,
                          TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "directory.import", "s", dd_directory_page_import_action);
  gtk_widget_class_install_action (widget_class, "directory.export", "s", dd_directory_page_export_action);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, on_copy_shortcut_cb, NULL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/dd-directory-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryPage, list_pane);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryPage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryPage, division_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryPage, team_filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryPage, field_entry);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryPage, class_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryPage, results_view);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryPage, round_label);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryPage, round_view);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryPage, round_button);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryPage, details_stack);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryPage, details_avatar);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryPage, meta_label);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryPage, details_stale_label);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryPage, verified_label);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryPage, verify_button);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryPage, edit_button);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryPage, requests_content);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryPage, groups_box);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_field_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_results_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_round_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_round_button_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_verify_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_edit_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_requests_button_clicked_cb);
}

static void
dd_directory_page_init (DdDirectoryPage *self)
{
  GtkListItemFactory *factory;
  GtkEventController *controller;
  GtkShortcut *shortcut;
  const char *real_name;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The bin's own child: not a bound template child, which
   * gtk_widget_dispose_template() would unparent under AdwBin's feet. */
  self->toast_overlay = ADW_TOAST_OVERLAY (adw_bin_get_child (ADW_BIN (self)));

  self->divisions = g_object_ref (dd_division_table_get_default ());

  real_name = g_get_real_name ();
  if (real_name == NULL || *real_name == '\0' || g_str_equal (real_name, "Unknown"))
    real_name = g_get_user_name ();
  self->verifier = g_strdup (real_name);

  dd_directory_page_setup_filters (self);

  self->results_selection = gtk_single_selection_new (G_LIST_MODEL (g_list_store_new (DD_TYPE_DIRECTORY_ENTRY)));
  gtk_single_selection_set_autoselect (self->results_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->results_selection, TRUE);
  g_signal_connect_object (self->results_selection, "notify::selected-item",
                           G_CALLBACK (on_results_selection_changed_cb), self, 0);
  gtk_list_view_set_model (self->results_view, GTK_SELECTION_MODEL (self->results_selection));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (on_results_factory_setup_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (on_results_factory_bind_cb), self, 0);
  gtk_list_view_set_factory (self->results_view, factory);
  g_object_unref (factory);

  self->round_selection = gtk_single_selection_new (G_LIST_MODEL (g_list_store_new (DD_TYPE_DIRECTORY_ENTRY)));
  gtk_single_selection_set_autoselect (self->round_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->round_selection, TRUE);
  gtk_list_view_set_model (self->round_view, GTK_SELECTION_MODEL (self->round_selection));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (on_round_factory_setup_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (on_round_factory_bind_cb), self, 0);
  gtk_list_view_set_factory (self->round_view, factory);
  g_object_unref (factory);

  /* Down in the search moves into the list. */
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (on_search_key_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), controller);

  /* Typing anywhere in the list goes to the search. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, self->list_pane);

  /* Ctrl+F wherever the focus is, while the Directory is shown. */
  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_MANAGED);
  shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_f, GDK_CONTROL_MASK),
                               gtk_callback_action_new (on_focus_search_shortcut_cb, NULL, NULL));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gtk_widget_set_visible (GTK_WIDGET (self->details_stale_label), FALSE);
  gtk_stack_set_visible_child_name (self->list_stack, "empty");
}

/* ------------------------------------------------------------------ public */

GtkWidget *
dd_directory_page_new (void)
{
  return g_object_new (DD_TYPE_DIRECTORY_PAGE, NULL);
}

GListModel *
dd_directory_page_get_results (DdDirectoryPage *self)
{
  g_return_val_if_fail (DD_IS_DIRECTORY_PAGE (self), NULL);

  return gtk_single_selection_get_model (self->results_selection);
}

DdDirectoryEntry *
dd_directory_page_get_shown_entry (DdDirectoryPage *self)
{
  g_return_val_if_fail (DD_IS_DIRECTORY_PAGE (self), NULL);

  return self->details != NULL ? self->details->entry : NULL;
}

gboolean
dd_directory_page_get_idle (DdDirectoryPage *self)
{
  g_return_val_if_fail (DD_IS_DIRECTORY_PAGE (self), FALSE);

  return self->n_pending == 0;
}

void
dd_directory_page_show_entry (DdDirectoryPage  *self,
                              DdDirectoryEntry *entry)
{
  g_return_if_fail (DD_IS_DIRECTORY_PAGE (self));
  g_return_if_fail (DD_IS_DIRECTORY_ENTRY (entry));

  self->focus_details = TRUE;
  dd_directory_page_load_details (self,
                                  dd_directory_entry_get_kind (entry),
                                  dd_directory_entry_get_id (entry));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

void
dd_directory_page_copy_phone (DdDirectoryPage *self,
                              const char      *phone)
{
  g_autofree char *message = NULL;

  g_return_if_fail (DD_IS_DIRECTORY_PAGE (self));
  g_return_if_fail (phone != NULL);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), phone);

  /* Translators: %s is the phone number just copied */
  message = g_strdup_printf (_("Copied %s"), phone);
  add_toast (self, message);
}

GtkWindow *
dd_directory_page_preview_import (DdDirectoryPage *self,
                                  DdDirectoryKind  kind,
                                  GFile           *file)
{
  DdDirectoryImportWindow *window;
  GtkRoot *root;

  g_return_val_if_fail (DD_IS_DIRECTORY_PAGE (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (self->service != NULL, NULL);

  window = dd_directory_import_window_new (self->service, kind, file);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  g_signal_connect_object (window, "imported", G_CALLBACK (on_import_window_imported_cb), self, 0);
  gtk_window_present (GTK_WINDOW (window));

  return GTK_WINDOW (window);
}

const char *
dd_directory_column_get_label (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (column_labels); i++)
    if (g_str_equal (column_labels[i].name, name))
      return _(column_labels[i].label);

  return name;
}

static void
on_editor_saved_cb (DdDirectoryEditor *editor,
                    const char        *id,
                    DdDirectoryPage   *self)
{
  add_toast (self, _("Saved"));
  /* The service's ::changed refreshes the lists and the details. */
}

static void
on_editor_requested_cb (DdDirectoryEditor *editor,
                        const char        *publisher,
                        DdDirectoryPage   *self)
{
  /* Translators: %s is the unit asked, "贵州省" */
  g_autofree char *text = g_strdup_printf (_("Change request sent to %s"), publisher);

  add_toast (self, text);
}

static GtkWindow *
dd_directory_page_open_editor (DdDirectoryPage    *self,
                               DdDirectoryKind     kind,
                               const char         *id,
                               const char * const *values,
                               gboolean            verify)
{
  DdDirectoryEditor *editor;
  GtkRoot *root;

  editor = dd_directory_editor_new (self->service, kind, id, values, verify, self->verifier);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (root));
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_editor_saved_cb), self, 0);
  g_signal_connect_object (editor, "requested", G_CALLBACK (on_editor_requested_cb), self, 0);
  gtk_window_present (GTK_WINDOW (editor));

  return GTK_WINDOW (editor);
}

GtkWindow *
dd_directory_page_edit_entry (DdDirectoryPage  *self,
                              DdDirectoryEntry *entry,
                              gboolean          verify)
{
  g_return_val_if_fail (DD_IS_DIRECTORY_PAGE (self), NULL);
  g_return_val_if_fail (DD_IS_DIRECTORY_ENTRY (entry), NULL);
  g_return_val_if_fail (self->service != NULL, NULL);

  return dd_directory_page_open_editor (self, dd_directory_entry_get_kind (entry),
                                        dd_directory_entry_get_id (entry), NULL, verify);
}

GtkWindow *
dd_directory_page_add_person (DdDirectoryPage *self)
{
  const DdDirectoryKind kind = DD_DIRECTORY_KIND_CONTACT;
  g_autofree char **values = NULL;
  guint n;

  g_return_val_if_fail (DD_IS_DIRECTORY_PAGE (self), NULL);
  g_return_val_if_fail (self->service != NULL, NULL);
  g_return_val_if_fail (self->details != NULL && self->details->row != NULL, NULL);
  g_return_val_if_fail (dd_directory_entry_get_kind (self->details->entry) == kind, NULL);

  /* The new person's unit and division are the unit's. */
  dd_directory_kind_get_columns (kind, &n);
  values = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    values[i] = (char *) "";
  values[dd_directory_kind_find_column (kind, "unit")] = (char *) dd_directory_row_get (self->details->row, kind, "unit");
  values[dd_directory_kind_find_column (kind, "division")] =
    (char *) dd_directory_row_get (self->details->row, kind, "division");

  return dd_directory_page_open_editor (self, kind, NULL, (const char * const *) values, FALSE);
}
