/* dd-error.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-error.h"

G_DEFINE_QUARK (dd-core-error-quark, dd_core_error)
