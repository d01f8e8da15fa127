/* dd-staff.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "dd-enums.h"

G_BEGIN_DECLS

/* A member of the desk's duty staff. Immutable value object. */
#define DD_TYPE_STAFF (dd_staff_get_type ())
G_DECLARE_FINAL_TYPE (DdStaff, dd_staff, DD, STAFF, GObject)

/* @id may be %NULL for a member not yet saved. */
DdStaff    *dd_staff_new        (const char *id,
                                 const char *name,
                                 DdRole      roles,
                                 const char *phone,
                                 const char *unit,
                                 gboolean    active);
const char *dd_staff_get_id     (DdStaff    *self);
const char *dd_staff_get_name   (DdStaff    *self);
DdRole      dd_staff_get_roles  (DdStaff    *self);
const char *dd_staff_get_phone  (DdStaff    *self);
const char *dd_staff_get_unit   (DdStaff    *self);
gboolean    dd_staff_get_active (DdStaff    *self);

/* Checks what a person can type: a name (not blank, at most 64
 * characters), at least one role, a phone of digits, spaces and + - ( ),
 * valid UTF-8 everywhere. */
gboolean    dd_staff_validate   (DdStaff    *self,
                                 GError    **error);

G_END_DECLS
