/* roster-fixture.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the roster GUI tests: a temporary desk database whose March
 * 2026 roster has one planted problem of every kind, and helpers to wait
 * on the main context and to find widgets (also used by the other GUI
 * tests).
 */

#pragma once

#include <glib/gstdio.h>
#include <gio/gio.h>
#include <gtk/gtk.h>

#include "dd-duty-date.h"
#include "dd-roster-store.h"
#include "dd-store.h"

/* Generous: the test fails, rather than hangs, if a condition never holds. */
#define WAIT_TIMEOUT_S 30

typedef struct
{
  char *dir;
  char *path;
  /* Staff ids */
  char *leader;      /* 王建国, leader on 2026-03-02 */
  char *day_officer; /* 李明, officer_day 2026-03-02 */
  char *night_officer; /* 张伟, officer_night 2026-03-02 */
  char *both;        /* 赵强: leader and officer_day on 03-04 (double booked) */
  char *tired;       /* 陈静: officer_day and officer_night on 03-05 (rest) */
  char *on_leave;    /* 刘洋: on leave 03-10..03-12, officer_day 03-11 */
  char *not_leader;  /* 孙磊: an officer on the leader shift of 03-15 */
  char *inactive;    /* 周红: inactive, officer_day 03-20 */
} RosterFixture;

static inline void
roster_fixture_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        roster_fixture_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static inline char *
roster_fixture_add_staff (DdStore    *store,
                          const char *name,
                          DdRole      roles,
                          const char *phone,
                          gboolean    active)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStaff) staff = dd_staff_new (NULL, name, roles, phone, "值班室", active);
  g_autoptr(DdStaff) saved = dd_store_add_staff (store, staff, &error);

  g_assert_no_error (error);
  return g_strdup (dd_staff_get_id (saved));
}

static inline void
roster_fixture_assign (DdStore    *store,
                       const char *shift_id,
                       const char *staff_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = dd_store_assign (store, shift_id, staff_id, NULL, FALSE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (problems);
}

static inline GDate
roster_fixture_date (const char *iso)
{
  GDate date;

  g_date_clear (&date, 1);
  g_assert_true (dd_duty_date_parse (iso, &date));
  return date;
}

/* Unix ms of @iso at @hh:@mm Beijing time. */
static inline gint64
roster_fixture_ms (const char *iso,
                   guint       hh,
                   guint       mm)
{
  GDate date = roster_fixture_date (iso);

  return dd_duty_date_time_ms (&date, hh * 60 + mm);
}

static inline void
roster_fixture_setup (RosterFixture *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(DdAbsence) absence = NULL;
  g_autoptr(DdAbsence) saved = NULL;
  GDate first = roster_fixture_date ("2026-03-10");
  GDate last = roster_fixture_date ("2026-03-12");

  fixture->dir = g_dir_make_tmp ("duty-desk-roster-gui-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "desk.db", NULL);

  store = dd_store_open (fixture->path, &error);
  g_assert_no_error (error);
  desk = dd_store_init_desk (store, "520102", "南明区人民政府总值班室", DD_REGIME_7X24, FALSE, &error);
  g_assert_no_error (error);

  fixture->leader = roster_fixture_add_staff (store, "王建国", DD_ROLE_LEADER, "13800000001", TRUE);
  fixture->day_officer = roster_fixture_add_staff (store, "李明", DD_ROLE_OFFICER, "13800000002", TRUE);
  fixture->night_officer = roster_fixture_add_staff (store, "张伟", DD_ROLE_OFFICER, "13800000003", TRUE);
  fixture->both = roster_fixture_add_staff (store, "赵强", DD_ROLE_BOTH, "13800000004", TRUE);
  fixture->tired = roster_fixture_add_staff (store, "陈静", DD_ROLE_OFFICER, "13800000005", TRUE);
  fixture->on_leave = roster_fixture_add_staff (store, "刘洋", DD_ROLE_OFFICER, "13800000006", TRUE);
  fixture->not_leader = roster_fixture_add_staff (store, "孙磊", DD_ROLE_OFFICER, "13800000007", TRUE);
  fixture->inactive = roster_fixture_add_staff (store, "周红", DD_ROLE_OFFICER, "13800000008", FALSE);

  /* Monday 2 March: fully staffed. */
  roster_fixture_assign (store, "2026-03-02/leader_7x24", fixture->leader);
  roster_fixture_assign (store, "2026-03-02/officer_day", fixture->day_officer);
  roster_fixture_assign (store, "2026-03-02/officer_night", fixture->night_officer);

  /* One problem of each kind (and many uncovered shifts). */
  roster_fixture_assign (store, "2026-03-04/leader_7x24", fixture->both);
  roster_fixture_assign (store, "2026-03-04/officer_day", fixture->both);
  roster_fixture_assign (store, "2026-03-05/officer_day", fixture->tired);
  roster_fixture_assign (store, "2026-03-05/officer_night", fixture->tired);

  absence = dd_absence_new (NULL, fixture->on_leave, DD_ABSENCE_KIND_LEAVE, &first, &last, "年假");
  saved = dd_store_add_absence (store, absence, &error);
  g_assert_no_error (error);
  roster_fixture_assign (store, "2026-03-11/officer_day", fixture->on_leave);

  roster_fixture_assign (store, "2026-03-15/leader_7x24", fixture->not_leader);
  roster_fixture_assign (store, "2026-03-20/officer_day", fixture->inactive);
}

static inline void
roster_fixture_teardown (RosterFixture *fixture,
                         gconstpointer  data)
{
  roster_fixture_remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
  g_free (fixture->leader);
  g_free (fixture->day_officer);
  g_free (fixture->night_officer);
  g_free (fixture->both);
  g_free (fixture->tired);
  g_free (fixture->on_leave);
  g_free (fixture->not_leader);
  g_free (fixture->inactive);
}

static inline gboolean
roster_fixture_on_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until @cond holds; fails after the timeout. */
#define WAIT_UNTIL(cond) \
  G_STMT_START { \
    gboolean timed_out_ = FALSE; \
    guint timeout_id_ = g_timeout_add_seconds (WAIT_TIMEOUT_S, roster_fixture_on_timeout_cb, &timed_out_); \
    while (!(cond) && !timed_out_) \
      g_main_context_iteration (NULL, TRUE); \
    if (!timed_out_) \
      g_source_remove (timeout_id_); \
    if (!(cond)) \
      g_error ("Timed out waiting for: %s", #cond); \
  } G_STMT_END

/* The widget named @name (gtk_widget_set_name(), "name" in a template)
 * in @root's tree, or %NULL. */
static inline GtkWidget *
find_named_widget (GtkWidget  *root,
                   const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named_widget (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Lets queued work (idle callbacks, finished jobs) run. */
static inline void
drain_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}
