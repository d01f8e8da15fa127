/* dd-incident-editor.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dd-incident-store.h"
#include "dd-store-service.h"

G_BEGIN_DECLS

/**
 * DdIncidentEditor:
 *
 * "Update Incident": every element of an incident in one form, filled with
 * what is now known — when it occurred, the place (text and division),
 * the sub-type, the facts, the description, scope of impact, trend,
 * measures taken and leaders on scene — with when this information was
 * received (now by default) and its source. Saving appends one UPDATE
 * event holding only the elements that changed, through the store
 * service; nothing changed is refused with a message, as is an element
 * given before and now left empty (events only add information). On
 * failure the error shows and everything typed stays; on success the
 * window closes. Ctrl+Enter saves (action "incident-editor.save"), Escape
 * closes, asking first when something was edited.
 */
#define DD_TYPE_INCIDENT_EDITOR (dd_incident_editor_get_type ())
G_DECLARE_FINAL_TYPE (DdIncidentEditor, dd_incident_editor, DD, INCIDENT_EDITOR, AdwWindow)

/* @detail is read now (not kept). */
DdIncidentEditor *dd_incident_editor_new         (DdStoreService   *service,
                                                  DdIncidentRules  *rules,
                                                  DdIncidentDetail *detail);
/* Who records the update (the on-duty officer's name), or %NULL. */
void              dd_incident_editor_set_officer (DdIncidentEditor *self,
                                                  const char       *officer);
/* Something differs from what the form was filled with. */
gboolean          dd_incident_editor_get_edited  (DdIncidentEditor *self);

G_END_DECLS
