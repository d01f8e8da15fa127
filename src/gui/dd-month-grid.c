/* dd-month-grid.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-month-grid.h"

#include <glib/gi18n.h>

#define N_CELLS 42

typedef struct
{
  GtkWidget *button;
  GtkWidget *number;
  GtkWidget *tag;
  GtkWidget *people;
  GtkWidget *badge;
  GDate      date;
  char      *description;
  guint      uncovered;
  gboolean   in_month;
} Cell;

struct _DdMonthGrid
{
  GtkWidget       parent_instance;

  guint           year;
  guint           month;
  GDate           first;
  GDate           focus_date;
  GDate           today;

  DdDutyCalendar *calendar;
  DdRoster       *roster;
  DdRegime        base;

  GtkWidget      *header;
  GtkWidget      *body;
  Cell            cells[N_CELLS];
};

enum {
  PROP_0,
  PROP_YEAR,
  PROP_MONTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  DAY_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DdMonthGrid, dd_month_grid, GTK_TYPE_WIDGET)

static const char * const weekday_abbrevs[] = {
  NC_("weekday abbreviation", "Mon"), NC_("weekday abbreviation", "Tue"),
  NC_("weekday abbreviation", "Wed"), NC_("weekday abbreviation", "Thu"),
  NC_("weekday abbreviation", "Fri"), NC_("weekday abbreviation", "Sat"),
  NC_("weekday abbreviation", "Sun"),
};

static const char * const weekdays[] = {
  N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"),
  N_("Friday"), N_("Saturday"), N_("Sunday"),
};

static const char * const kind_classes[] = {
  "holiday", "adjusted-workday", "weekend", "flood-season", "important-period",
  "today", "other-month", "uncovered", "no-duty",
};

/* One person on one shift of a day, for the cell. */
typedef struct
{
  const DdShift *shift;
  const char    *name;
} Line;

static int
compare_shifts (gconstpointer a,
                gconstpointer b)
{
  const DdShift *sa = *(const DdShift * const *) a;
  const DdShift *sb = *(const DdShift * const *) b;

  if (sa->position != sb->position)
    return sa->position == DD_POSITION_LEADER ? -1 : 1;
  if (sa->start_ms != sb->start_ms)
    return sa->start_ms < sb->start_ms ? -1 : 1;

  return g_strcmp0 (sa->id, sb->id);
}

static gboolean
date_in_month (DdMonthGrid *self,
               const GDate *date)
{
  return g_date_valid (date) &&
         g_date_get_year (date) == self->year &&
         (guint) g_date_get_month (date) == self->month;
}

static Cell *
dd_month_grid_lookup_cell (DdMonthGrid *self,
                           const GDate *date)
{
  gint64 index;

  if (!g_date_valid (date) || !g_date_valid (&self->first))
    return NULL;

  index = (gint64) g_date_get_julian (date) - (gint64) g_date_get_julian (&self->first);
  if (index < 0 || index >= N_CELLS)
    return NULL;

  return &self->cells[index];
}

/* "Thursday, October 1, 2026" */
static char *
format_long_date (const GDate *date)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *text = NULL;

  dt = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date),
                              g_date_get_day (date), 12, 0, 0);
  /* Translators: the date on the Today page, without the weekday, in
   * g_date_time_format() syntax; Chinese: "%Y年%-m月%-d日" */
  /* xgettext:no-c-format */
  text = g_date_time_format (dt, _("%B %-d, %Y"));

  /* Translators: %1$s is the date, %2$s the weekday; Chinese: "%1$s %2$s" */
  return g_strdup_printf (_("%2$s, %1$s"), text,
                          _(weekdays[g_date_get_weekday (date) - 1]));
}

/* "Leader on duty", "Day officer", "Night officer" or "Duty officer". */
static const char *
shift_role_label (const DdShift *shift,
                  gboolean       day_has_night)
{
  if (shift->position == DD_POSITION_LEADER)
    return _("Leader on duty");
  if (dd_shift_is_night (shift))
    return _("Night officer");
  if (day_has_night)
    return _("Day officer");
  return _("Duty officer");
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_box_remove (GTK_BOX (box), child);
}

static void
cell_add_line (Cell          *cell,
               const DdShift *shift,
               const char    *name,
               gboolean       day_has_night)
{
  g_autofree char *escaped = g_markup_escape_text (name, -1);
  g_autofree char *markup = NULL;
  const char *mark;
  GtkWidget *label;

  if (shift->position == DD_POSITION_LEADER)
    /* Translators: the mark before the leader on duty in a day of the month
     * grid (带班); keep it to one or two characters */
    mark = C_("month grid mark", "L");
  else if (dd_shift_is_night (shift))
    /* Translators: the mark before the night officer in the month grid (夜) */
    mark = C_("month grid mark", "N");
  else if (day_has_night)
    /* Translators: the mark before the day officer in the month grid (日) */
    mark = C_("month grid mark", "D");
  else
    /* Translators: the mark before the officer of a day without night
     * shifts in the month grid (值) */
    mark = C_("month grid mark", "O");

  markup = g_strdup_printf ("<span alpha=\"55%%\" size=\"small\">%s</span> %s%s%s",
                            mark,
                            shift->position == DD_POSITION_LEADER ? "<b>" : "",
                            escaped,
                            shift->position == DD_POSITION_LEADER ? "</b>" : "");

  label = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, shift->position == DD_POSITION_LEADER ? "leader" : "officer");
  if (shift->position == DD_POSITION_OFFICER && dd_shift_is_night (shift))
    gtk_widget_add_css_class (label, "night");
  gtk_box_append (GTK_BOX (cell->people), label);
}

/* Fills @cell from the day's shifts (sorted) and the people on them. */
static void
cell_show_people (Cell       *cell,
                  GPtrArray  *shifts,
                  GHashTable *people,
                  GString    *description)
{
  gboolean day_has_night = FALSE;
  const char *last_role = NULL;

  clear_box (cell->people);
  cell->uncovered = 0;

  if (shifts == NULL)
    return;

  for (guint i = 0; i < shifts->len; i++)
    {
      const DdShift *shift = g_ptr_array_index (shifts, i);

      if (shift->position == DD_POSITION_OFFICER && dd_shift_is_night (shift))
        day_has_night = TRUE;
    }

  for (guint i = 0; i < shifts->len; i++)
    {
      const DdShift *shift = g_ptr_array_index (shifts, i);
      GPtrArray *names = g_hash_table_lookup (people, shift->id);
      guint n = names != NULL ? names->len : 0;
      const char *role = shift_role_label (shift, day_has_night);

      for (guint j = 0; j < n; j++)
        {
          const char *name = g_ptr_array_index (names, j);

          cell_add_line (cell, shift, name, day_has_night);

          if (g_strcmp0 (role, last_role) != 0)
            {
              /* Translators: in a day's spoken description: "Leader on duty: 王伟" */
              g_string_append_printf (description, _(". %s: %s"), role, name);
              last_role = role;
            }
          else
            {
              g_string_append_printf (description, _(", %s"), name);
            }
        }

      if (shift->required > n)
        cell->uncovered += shift->required - n;
    }
}

static void
dd_month_grid_update (DdMonthGrid *self)
{
  g_autoptr(GHashTable) people = NULL;
  GPtrArray *by_day[N_CELLS] = { NULL, };
  guint32 first_julian;

  if (!g_date_valid (&self->first))
    return;

  first_julian = g_date_get_julian (&self->first);

  /* Who is on which shift, and which shifts each shown day has. */
  people = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  if (self->roster != NULL)
    {
      GPtrArray *assignments = dd_roster_get_assignments (self->roster);
      GPtrArray *shifts = dd_roster_get_shifts (self->roster);

      for (guint i = 0; i < assignments->len; i++)
        {
          const DdAssignment *assignment = g_ptr_array_index (assignments, i);
          DdStaff *staff = dd_roster_lookup_staff (self->roster, assignment->staff_id);
          GPtrArray *names = g_hash_table_lookup (people, assignment->shift_id);

          if (names == NULL)
            {
              names = g_ptr_array_new ();
              g_hash_table_insert (people, assignment->shift_id, names);
            }
          g_ptr_array_add (names, staff != NULL ? (gpointer) dd_staff_get_name (staff)
                                                : (gpointer) assignment->staff_id);
        }

      for (guint i = 0; i < shifts->len; i++)
        {
          const DdShift *shift = g_ptr_array_index (shifts, i);
          gint64 index = (gint64) g_date_get_julian (&shift->date) - first_julian;

          if (index < 0 || index >= N_CELLS)
            continue;
          if (by_day[index] == NULL)
            by_day[index] = g_ptr_array_new ();
          g_ptr_array_add (by_day[index], (gpointer) shift);
        }
    }

  for (guint i = 0; i < N_CELLS; i++)
    {
      Cell *cell = &self->cells[i];
      g_autoptr(GString) description = NULL;
      g_autoptr(DdDutyDay) day = NULL;
      g_autofree char *number = NULL;
      g_autofree char *long_date = NULL;
      const char *tag = NULL;
      gboolean is_today;

      cell->date = self->first;
      g_date_add_days (&cell->date, i);
      cell->in_month = date_in_month (self, &cell->date);
      is_today = g_date_valid (&self->today) && g_date_compare (&cell->date, &self->today) == 0;

      for (guint k = 0; k < G_N_ELEMENTS (kind_classes); k++)
        gtk_widget_remove_css_class (cell->button, kind_classes[k]);

      number = g_strdup_printf ("%u", g_date_get_day (&cell->date));
      gtk_label_set_text (GTK_LABEL (cell->number), number);

      long_date = format_long_date (&cell->date);
      description = g_string_new (long_date);

      if (is_today)
        {
          gtk_widget_add_css_class (cell->button, "today");
          /* Translators: added to the spoken description of today's cell */
          g_string_append (description, _(" (today)"));
        }

      if (!cell->in_month)
        {
          gtk_widget_add_css_class (cell->button, "other-month");
          gtk_widget_set_focusable (cell->button, FALSE);
          gtk_widget_set_can_target (cell->button, FALSE);
          gtk_label_set_text (GTK_LABEL (cell->tag), "");
          clear_box (cell->people);
          cell->uncovered = 0;
          gtk_widget_set_visible (cell->badge, FALSE);
          gtk_widget_set_tooltip_text (cell->button, NULL);
        }
      else
        {
          gtk_widget_set_focusable (cell->button, TRUE);
          gtk_widget_set_can_target (cell->button, TRUE);

          if (self->calendar != NULL)
            {
              day = dd_duty_calendar_get_day (self->calendar, self->base, &cell->date);

              switch (day->kind)
                {
                case DD_DAY_KIND_HOLIDAY:
                  gtk_widget_add_css_class (cell->button, "holiday");
                  tag = day->holiday;
                  /* Translators: in a day's spoken description, after the date */
                  g_string_append_printf (description, _(", holiday: %s"),
                                          day->holiday != NULL ? day->holiday : "");
                  break;

                case DD_DAY_KIND_ADJUSTED_WORKDAY:
                  gtk_widget_add_css_class (cell->button, "adjusted-workday");
                  /* Translators: the tag of an adjusted working day in the
                   * month grid (a weekend day made a working day); Chinese: "班" */
                  tag = C_("month grid tag", "Workday");
                  g_string_append (description, _(", adjusted working day"));
                  break;

                case DD_DAY_KIND_WEEKEND:
                  gtk_widget_add_css_class (cell->button, "weekend");
                  break;

                case DD_DAY_KIND_WORKDAY:
                default:
                  break;
                }

              if (day->flood_season)
                {
                  gtk_widget_add_css_class (cell->button, "flood-season");
                  g_string_append (description, _(", main flood season"));
                }

              if (day->periods != NULL && day->periods->len > 0)
                {
                  DdImportantPeriod *period = g_ptr_array_index (day->periods, 0);

                  gtk_widget_add_css_class (cell->button, "important-period");
                  if (tag == NULL)
                    tag = dd_important_period_get_name (period);
                  /* Translators: in a day's spoken description: the important period */
                  g_string_append_printf (description, _(", important period: %s"),
                                          dd_important_period_get_name (period));
                }

              if (day->regime == DD_REGIME_NONE)
                {
                  gtk_widget_add_css_class (cell->button, "no-duty");
                  g_string_append (description, _(", no duty"));
                }
            }

          gtk_label_set_text (GTK_LABEL (cell->tag), tag != NULL ? tag : "");
          gtk_widget_set_tooltip_text (cell->tag, tag);

          if (by_day[i] != NULL)
            g_ptr_array_sort (by_day[i], compare_shifts);
          cell_show_people (cell, by_day[i], people, description);

          if (cell->uncovered > 0)
            {
              g_autofree char *badge = NULL;

              gtk_widget_add_css_class (cell->button, "uncovered");
              /* Translators: the badge of a day with empty positions */
              badge = g_strdup_printf (ngettext ("%u uncovered", "%u uncovered", cell->uncovered),
                                       cell->uncovered);
              gtk_label_set_text (GTK_LABEL (cell->badge), badge);
              gtk_widget_set_visible (cell->badge, TRUE);
              g_string_append (description, ". ");
              /* Translators: in a day's spoken description */
              g_string_append_printf (description,
                                      ngettext ("%u position uncovered", "%u positions uncovered",
                                                cell->uncovered),
                                      cell->uncovered);
            }
          else
            {
              gtk_widget_set_visible (cell->badge, FALSE);
            }
        }

      g_free (cell->description);
      cell->description = g_string_free (g_steal_pointer (&description), FALSE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (cell->button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, cell->description,
                                      -1);
    }

  for (guint i = 0; i < N_CELLS; i++)
    g_clear_pointer (&by_day[i], g_ptr_array_unref);
}

static void
on_cell_clicked_cb (GtkButton   *button,
                    DdMonthGrid *self)
{
  for (guint i = 0; i < N_CELLS; i++)
    {
      if (self->cells[i].button == GTK_WIDGET (button) && self->cells[i].in_month)
        {
          GDate date = self->cells[i].date;

          self->focus_date = date;
          g_signal_emit (self, signals[DAY_ACTIVATED], 0, &date);
          return;
        }
    }
}

static void
on_cell_focus_enter_cb (GtkEventControllerFocus *controller,
                        DdMonthGrid             *self)
{
  GtkWidget *button = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  for (guint i = 0; i < N_CELLS; i++)
    if (self->cells[i].button == button && self->cells[i].in_month)
      self->focus_date = self->cells[i].date;
}

/* The cell holding the keyboard focus, or -1. */
static int
dd_month_grid_focused_cell (DdMonthGrid *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  for (; focus != NULL; focus = gtk_widget_get_parent (focus))
    for (guint i = 0; i < N_CELLS; i++)
      if (self->cells[i].button == focus)
        return (int) i;

  return -1;
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   DdMonthGrid           *self)
{
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  int index = dd_month_grid_focused_cell (self);
  GDate date;
  int delta = 0;

  if (index < 0)
    return GDK_EVENT_PROPAGATE;
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK | GDK_SUPER_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  date = self->cells[index].date;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      delta = rtl ? 1 : -1;
      break;

    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      delta = rtl ? -1 : 1;
      break;

    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      delta = -7;
      break;

    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      delta = 7;
      break;

    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      g_date_set_day (&date, 1);
      break;

    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      g_date_set_day (&date, g_date_get_days_in_month (g_date_get_month (&date),
                                                       g_date_get_year (&date)));
      break;

    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      g_date_subtract_months (&date, 1);
      break;

    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      g_date_add_months (&date, 1);
      break;

    default:
      return GDK_EVENT_PROPAGATE;
    }

  if (delta > 0)
    g_date_add_days (&date, (guint) delta);
  else if (delta < 0)
    g_date_subtract_days (&date, (guint) -delta);

  dd_month_grid_set_focus_date (self, &date, TRUE);

  return GDK_EVENT_STOP;
}

static void
dd_month_grid_build (DdMonthGrid *self)
{
  GtkEventController *controller;

  self->header = gtk_grid_new ();
  gtk_grid_set_column_homogeneous (GTK_GRID (self->header), TRUE);
  gtk_widget_add_css_class (self->header, "weekday-header");
  gtk_widget_set_parent (self->header, GTK_WIDGET (self));

  for (guint i = 0; i < 7; i++)
    {
      GtkWidget *label = gtk_label_new (g_dpgettext2 (NULL, "weekday abbreviation", weekday_abbrevs[i]));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (label, "weekday");
      if (i >= 5)
        gtk_widget_add_css_class (label, "weekend");
      gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _(weekdays[i]),
                                      -1);
      gtk_grid_attach (GTK_GRID (self->header), label, (int) i, 0, 1, 1);
    }

  self->body = gtk_grid_new ();
  gtk_grid_set_column_homogeneous (GTK_GRID (self->body), TRUE);
  gtk_grid_set_row_homogeneous (GTK_GRID (self->body), TRUE);
  gtk_widget_set_vexpand (self->body, TRUE);
  gtk_widget_add_css_class (self->body, "days");
  gtk_widget_set_parent (self->body, GTK_WIDGET (self));

  for (guint i = 0; i < N_CELLS; i++)
    {
      Cell *cell = &self->cells[i];
      GtkWidget *box;
      GtkWidget *top;

      cell->button = gtk_button_new ();
      gtk_widget_add_css_class (cell->button, "day-cell");
      gtk_widget_add_css_class (cell->button, "flat");
      gtk_widget_set_hexpand (cell->button, TRUE);
      gtk_widget_set_vexpand (cell->button, TRUE);
      gtk_widget_set_overflow (cell->button, GTK_OVERFLOW_HIDDEN);
      if (i % 7 == 6)
        gtk_widget_add_css_class (cell->button, "last-column");
      if (i >= N_CELLS - 7)
        gtk_widget_add_css_class (cell->button, "last-row");

      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 1);
      gtk_widget_set_valign (box, GTK_ALIGN_FILL);

      top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      cell->number = gtk_label_new (NULL);
      gtk_widget_add_css_class (cell->number, "day-number");
      gtk_widget_set_valign (cell->number, GTK_ALIGN_START);
      gtk_box_append (GTK_BOX (top), cell->number);

      cell->tag = gtk_label_new (NULL);
      gtk_widget_add_css_class (cell->tag, "day-tag");
      gtk_label_set_xalign (GTK_LABEL (cell->tag), 1);
      gtk_label_set_ellipsize (GTK_LABEL (cell->tag), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (cell->tag, TRUE);
      gtk_widget_set_valign (cell->tag, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (top), cell->tag);
      gtk_box_append (GTK_BOX (box), top);

      cell->people = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      gtk_widget_add_css_class (cell->people, "day-people");
      gtk_widget_set_vexpand (cell->people, TRUE);
      gtk_box_append (GTK_BOX (box), cell->people);

      cell->badge = gtk_label_new (NULL);
      gtk_widget_add_css_class (cell->badge, "uncovered-badge");
      gtk_widget_set_halign (cell->badge, GTK_ALIGN_START);
      gtk_widget_set_visible (cell->badge, FALSE);
      gtk_box_append (GTK_BOX (box), cell->badge);

      gtk_button_set_child (GTK_BUTTON (cell->button), box);
      g_signal_connect (cell->button, "clicked", G_CALLBACK (on_cell_clicked_cb), self);

      controller = gtk_event_controller_focus_new ();
      g_signal_connect (controller, "enter", G_CALLBACK (on_cell_focus_enter_cb), self);
      gtk_widget_add_controller (cell->button, controller);

      gtk_grid_attach (GTK_GRID (self->body), cell->button, (int) (i % 7), (int) (i / 7), 1, 1);
    }

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static gboolean
dd_month_grid_grab_focus (GtkWidget *widget)
{
  DdMonthGrid *self = DD_MONTH_GRID (widget);
  Cell *cell = dd_month_grid_lookup_cell (self, &self->focus_date);

  if (cell != NULL && cell->in_month)
    return gtk_widget_grab_focus (cell->button);

  return FALSE;
}

static gboolean
dd_month_grid_focus (GtkWidget        *widget,
                     GtkDirectionType  direction)
{
  DdMonthGrid *self = DD_MONTH_GRID (widget);

  /* One stop in the Tab chain: the focused day; arrows move inside. */
  if (dd_month_grid_focused_cell (self) >= 0)
    return FALSE;

  return dd_month_grid_grab_focus (widget);
}

static void
dd_month_grid_dispose (GObject *object)
{
  DdMonthGrid *self = DD_MONTH_GRID (object);

  g_clear_pointer (&self->header, gtk_widget_unparent);
  g_clear_pointer (&self->body, gtk_widget_unparent);
  for (guint i = 0; i < N_CELLS; i++)
    self->cells[i].button = NULL;

  g_clear_object (&self->calendar);
  g_clear_pointer (&self->roster, dd_roster_unref);

  G_OBJECT_CLASS (dd_month_grid_parent_class)->dispose (object);
}

static void
dd_month_grid_finalize (GObject *object)
{
  DdMonthGrid *self = DD_MONTH_GRID (object);

  for (guint i = 0; i < N_CELLS; i++)
    g_clear_pointer (&self->cells[i].description, g_free);

  G_OBJECT_CLASS (dd_month_grid_parent_class)->finalize (object);
}

static void
dd_month_grid_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DdMonthGrid *self = DD_MONTH_GRID (object);

  switch (prop_id)
    {
    case PROP_YEAR:
      g_value_set_uint (value, self->year);
      break;

    case PROP_MONTH:
      g_value_set_uint (value, self->month);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_month_grid_class_init (DdMonthGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_month_grid_dispose;
  object_class->finalize = dd_month_grid_finalize;
  object_class->get_property = dd_month_grid_get_property;

  widget_class->grab_focus = dd_month_grid_grab_focus;
  widget_class->focus = dd_month_grid_focus;

  properties[PROP_YEAR] =
    g_param_spec_uint ("year", NULL, NULL,
                       0, 9999, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MONTH] =
    g_param_spec_uint ("month", NULL, NULL,
                       0, 12, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DdMonthGrid::day-activated:
   * @date: (type GLib.Date): the day
   *
   * A day of the shown month was clicked or Enter was pressed on it.
   */
  signals[DAY_ACTIVATED] =
    g_signal_new ("day-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  G_TYPE_DATE | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "monthgrid");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID);
}

static void
dd_month_grid_init (DdMonthGrid *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);

  g_date_clear (&self->first, 1);
  g_date_clear (&self->focus_date, 1);
  g_date_clear (&self->today, 1);
  self->base = DD_REGIME_7X24;

  dd_month_grid_build (self);
}

GtkWidget *
dd_month_grid_new (void)
{
  return g_object_new (DD_TYPE_MONTH_GRID, NULL);
}

guint
dd_month_grid_get_year (DdMonthGrid *self)
{
  g_return_val_if_fail (DD_IS_MONTH_GRID (self), 0);

  return self->year;
}

guint
dd_month_grid_get_month (DdMonthGrid *self)
{
  g_return_val_if_fail (DD_IS_MONTH_GRID (self), 0);

  return self->month;
}

void
dd_month_grid_set_month (DdMonthGrid *self,
                         guint        year,
                         guint        month)
{
  gboolean year_changed;
  gboolean month_changed;
  g_autofree char *label = NULL;

  g_return_if_fail (DD_IS_MONTH_GRID (self));
  g_return_if_fail (month >= 1 && month <= 12);
  g_return_if_fail (g_date_valid_year (year));

  if (year == self->year && month == self->month)
    return;

  year_changed = year != self->year;
  month_changed = month != self->month;
  self->year = year;
  self->month = month;

  g_date_set_dmy (&self->first, 1, month, year);
  g_date_subtract_days (&self->first, g_date_get_weekday (&self->first) - G_DATE_MONDAY);

  /* Keep the day of the month when the focus was elsewhere. */
  if (!date_in_month (self, &self->focus_date))
    {
      guint day = g_date_valid (&self->focus_date) ? g_date_get_day (&self->focus_date) : 1;

      day = MIN (day, g_date_get_days_in_month (month, year));
      g_date_set_dmy (&self->focus_date, day, month, year);
    }

  dd_month_grid_update (self);

  label = g_strdup_printf ("%04u-%02u", year, month);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);

  if (year_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_YEAR]);
  if (month_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONTH]);
}

void
dd_month_grid_get_range (DdMonthGrid *self,
                         GDate       *first,
                         GDate       *last)
{
  g_return_if_fail (DD_IS_MONTH_GRID (self));

  *first = self->first;
  *last = self->first;
  if (g_date_valid (last))
    g_date_add_days (last, N_CELLS - 1);
}

void
dd_month_grid_set_data (DdMonthGrid    *self,
                        DdDutyCalendar *calendar,
                        DdRoster       *roster,
                        DdRegime        base,
                        const GDate    *today)
{
  g_return_if_fail (DD_IS_MONTH_GRID (self));
  g_return_if_fail (calendar == NULL || DD_IS_DUTY_CALENDAR (calendar));

  g_set_object (&self->calendar, calendar);
  if (self->roster != roster)
    {
      g_clear_pointer (&self->roster, dd_roster_unref);
      if (roster != NULL)
        self->roster = dd_roster_ref (roster);
    }
  self->base = base;
  if (today != NULL)
    self->today = *today;
  else
    g_date_clear (&self->today, 1);

  dd_month_grid_update (self);
}

void
dd_month_grid_get_focus_date (DdMonthGrid *self,
                              GDate       *date)
{
  g_return_if_fail (DD_IS_MONTH_GRID (self));

  *date = self->focus_date;
}

void
dd_month_grid_set_focus_date (DdMonthGrid *self,
                              const GDate *date,
                              gboolean     grab)
{
  Cell *cell;

  g_return_if_fail (DD_IS_MONTH_GRID (self));
  g_return_if_fail (date != NULL && g_date_valid (date));

  self->focus_date = *date;
  dd_month_grid_set_month (self, g_date_get_year (date), g_date_get_month (date));

  cell = dd_month_grid_lookup_cell (self, date);
  if (grab && cell != NULL && cell->in_month)
    gtk_widget_grab_focus (cell->button);
}

GtkWidget *
dd_month_grid_get_day_widget (DdMonthGrid *self,
                              const GDate *date)
{
  Cell *cell;

  g_return_val_if_fail (DD_IS_MONTH_GRID (self), NULL);

  cell = dd_month_grid_lookup_cell (self, date);

  return cell != NULL && cell->in_month ? cell->button : NULL;
}

const char *
dd_month_grid_get_day_description (DdMonthGrid *self,
                                   const GDate *date)
{
  Cell *cell;

  g_return_val_if_fail (DD_IS_MONTH_GRID (self), NULL);

  cell = dd_month_grid_lookup_cell (self, date);

  return cell != NULL ? cell->description : NULL;
}

guint
dd_month_grid_get_day_uncovered (DdMonthGrid *self,
                                 const GDate *date)
{
  Cell *cell;

  g_return_val_if_fail (DD_IS_MONTH_GRID (self), 0);

  cell = dd_month_grid_lookup_cell (self, date);

  return cell != NULL && cell->in_month ? cell->uncovered : 0;
}
