/* dd-regime.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "dd-enums.h"

G_BEGIN_DECLS

/* The regime of @date for a desk whose base regime is @base: 7x24 for a
 * 7x24 desk; for a 5x8 desk, 5x8 on Monday to Friday and no duty on
 * weekends. The duty calendar (holidays, adjusted working days, flood
 * season, important periods) refines this. */
DdRegime dd_regime_for_date (DdRegime     base,
                             const GDate *date);

G_END_DECLS
