/* dd-shift-template.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "dd-enums.h"

G_BEGIN_DECLS

/* A shift template of a desk: on every day of @regime, a shift for
 * @position from @start to @end (Beijing time; an end at or before the start
 * is on the next day, so 08:30 → 08:30 is 24 hours) needing @required people.
 * A record with an id (e.g. "officer_night"); immutable, reference counted.
 * Defaults ship in data/rules/duty-defaults.ini. */
#define DD_TYPE_SHIFT_TEMPLATE (dd_shift_template_get_type ())
typedef struct _DdShiftTemplate DdShiftTemplate;

GType            dd_shift_template_get_type          (void) G_GNUC_CONST;

/* @start_minute and @end_minute: minutes after midnight, 0 to 1439. */
DdShiftTemplate *dd_shift_template_new               (const char       *id,
                                                      const char       *name,
                                                      DdPosition        position,
                                                      DdRegime          regime,
                                                      guint             start_minute,
                                                      guint             end_minute,
                                                      guint             required);
DdShiftTemplate *dd_shift_template_ref               (DdShiftTemplate  *self);
void             dd_shift_template_unref             (DdShiftTemplate  *self);

const char      *dd_shift_template_get_id            (DdShiftTemplate  *self);
const char      *dd_shift_template_get_name          (DdShiftTemplate  *self);
DdPosition       dd_shift_template_get_position      (DdShiftTemplate  *self);
DdRegime         dd_shift_template_get_regime        (DdShiftTemplate  *self);
guint            dd_shift_template_get_start_minute  (DdShiftTemplate  *self);
guint            dd_shift_template_get_end_minute    (DdShiftTemplate  *self);
guint            dd_shift_template_get_required      (DdShiftTemplate  *self);
/* Whether the end is on the next day. */
gboolean         dd_shift_template_ends_next_day     (DdShiftTemplate  *self);
/* 1 to 1440 */
guint            dd_shift_template_get_duration_minutes (DdShiftTemplate *self);

/* An id of a-z, 0-9, '_' and '-' (at most 64), a name (not blank, at most
 * 64 characters), a regime of 5x8 or 7x24, times within the day, 1 to 9
 * people. */
gboolean         dd_shift_template_validate          (DdShiftTemplate  *self,
                                                      GError          **error);

/* Reads the "[Template ID]" groups of a key file (see duty-defaults.ini):
 * name (localised name[LANG] allowed), position, regime, start, end,
 * required. Ids must be unique. (element-type DdShiftTemplate) */
GPtrArray       *dd_shift_template_list_from_key_file (GKeyFile        *key_file,
                                                       GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdShiftTemplate, dd_shift_template_unref)

G_END_DECLS
