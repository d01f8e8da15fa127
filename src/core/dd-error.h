/* dd-error.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DD_CORE_ERROR (dd_core_error_quark ())

/**
 * DdCoreError:
 * @DD_CORE_ERROR_INVALID: the input breaks a rule; the message says which
 * @DD_CORE_ERROR_PARSE: a file or value could not be read
 * @DD_CORE_ERROR_NOT_FOUND: a code or id names nothing known
 * @DD_CORE_ERROR_ENCODING: text is not valid in any accepted encoding
 */
typedef enum
{
  DD_CORE_ERROR_INVALID,
  DD_CORE_ERROR_PARSE,
  DD_CORE_ERROR_NOT_FOUND,
  DD_CORE_ERROR_ENCODING,
} DdCoreError;

GQuark dd_core_error_quark (void);

G_END_DECLS
