/* dd-call-form.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dd-enums.h"
#include "dd-incident.h"
#include "dd-incident-store.h"
#include "dd-store-service.h"

G_BEGIN_DECLS

/**
 * DdCallForm:
 *
 * The call intake form (接报): received time, channel, caller, unit,
 * phone, summary, sub-type, location, casualties and the officer, with a
 * live grade and reporting deadline preview. What is typed is kept in a
 * draft file (written atomically a moment after each change and whenever
 * the focus leaves a field) until the call is saved or discarded; a new
 * form offers a draft left behind.
 */
#define DD_TYPE_CALL_FORM (dd_call_form_get_type ())
G_DECLARE_FINAL_TYPE (DdCallForm, dd_call_form, DD, CALL_FORM, AdwWindow)

/* The draft file used by the application:
 * g_get_user_state_dir()/duty-desk/call-draft.ini */
char        *dd_call_form_dup_default_draft_path (void);

/* @service may be %NULL (no on-duty officer lookup and no saving); @level
 * is the desk's level (for the deadline preview). */
DdCallForm  *dd_call_form_new             (DdStoreService *service,
                                           DdLevel         level,
                                           const char     *draft_path);
const char  *dd_call_form_get_draft_path  (DdCallForm     *self);
/* Whether a draft left behind is offered (the "draft-offered" property). */
gboolean     dd_call_form_get_draft_offered (DdCallForm   *self);
/* Fills the form from the offered draft. */
void         dd_call_form_restore_draft   (DdCallForm     *self);
/* Writes the draft now (if anything was typed). */
void         dd_call_form_flush_draft     (DdCallForm     *self);
/* Whether anything was typed (beyond the defaults). */
gboolean     dd_call_form_has_input       (DdCallForm     *self);

/* For the owner, on ::submit. */
void         dd_call_form_build_call      (DdCallForm       *self,
                                           DdCallInput      *call,
                                           DdIncidentEvent **event);
void         dd_call_form_set_follow_up   (DdCallForm     *self,
                                           const char     *incident_id);
void         dd_call_form_saved           (DdCallForm       *self);
void         dd_call_form_save_failed     (DdCallForm       *self,
                                           const char       *message);

G_END_DECLS
