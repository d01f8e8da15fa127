/* dd-desk.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "dd-enums.h"

G_BEGIN_DECLS

/* The desk's identity: which unit it serves and how it is staffed.
 * Immutable: a change produces a new object. */
#define DD_TYPE_DESK (dd_desk_get_type ())
G_DECLARE_FINAL_TYPE (DdDesk, dd_desk, DD, DESK, GObject)

DdDesk     *dd_desk_new                (const char *unit_code,
                                        const char *unit_name,
                                        DdLevel     level,
                                        DdRegime    regime,
                                        const char *client_epoch,
                                        const char *server_url);
const char *dd_desk_get_unit_code      (DdDesk     *self);
const char *dd_desk_get_unit_name      (DdDesk     *self);
DdLevel     dd_desk_get_level          (DdDesk     *self);
DdRegime    dd_desk_get_regime         (DdDesk     *self);
const char *dd_desk_get_client_epoch   (DdDesk     *self);
/* The provincial server's address, "" until one is set. */
const char *dd_desk_get_server_url     (DdDesk     *self);

G_END_DECLS
