/* dd-server-main.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

int dd_server_main (int    argc,
                    char **argv);

G_END_DECLS
