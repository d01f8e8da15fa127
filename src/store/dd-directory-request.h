/* dd-directory-request.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dd-directory.h"

G_BEGIN_DECLS

/* A directory entry is changed only by the desks of its publisher. Any
 * other desk that finds it wrong sends the publisher a change request;
 * a desk of the publisher accepts it (its own edit, in the same
 * transaction as the answer, then flows down as every edit does) or
 * declines it with a reason. Requests and answers are append-only and
 * travel with the sync (record kinds "directory_request" and
 * "directory_answer"). */

typedef enum
{
  DD_DIRECTORY_REQUEST_PENDING,
  DD_DIRECTORY_REQUEST_ACCEPTED,
  DD_DIRECTORY_REQUEST_DECLINED,
} DdDirectoryRequestState;

/**
 * DdDirectoryRequestChange:
 * @column: the CSV column (English name)
 * @seen: its value when the request was made
 * @asked: the value asked for
 * @current: its value now on this desk ("" if the entry is gone)
 */
typedef struct
{
  char *column;
  char *seen;
  char *asked;
  char *current;
} DdDirectoryRequestChange;

/**
 * DdDirectoryRequest:
 * @id: its id (UUIDv7)
 * @kind: the entry's kind
 * @entry_id: the entry's id
 * @entry_name: the entry's name when the request was made
 * @removal: asks to remove the entry (then @changes is empty)
 * @changes: (element-type DdDirectoryRequestChange): the cells to change
 * @note: why, in the requester's words ("" if none)
 * @publisher: the unit that must answer, and @publisher_name
 * @requester: the unit that asks, and @requester_name
 * @requested_by: who asked, at @requested_at_ms (Unix ms)
 * @incoming: this desk's unit is the publisher: it must answer
 * @entry_exists: the entry is still on this desk
 * @state: pending, accepted or declined
 * @answered_by: who answered, at @answered_at_ms; %NULL while pending
 * @reason: the answer's reason ("" if none); %NULL while pending
 */
struct _DdDirectoryRequest
{
  char                    *id;
  DdDirectoryKind          kind;
  char                    *entry_id;
  char                    *entry_name;
  gboolean                 removal;
  GPtrArray               *changes;
  char                    *note;
  char                    *publisher;
  char                    *publisher_name;
  char                    *requester;
  char                    *requester_name;
  char                    *requested_by;
  gint64                   requested_at_ms;
  gboolean                 incoming;
  gboolean                 entry_exists;
  DdDirectoryRequestState  state;
  char                    *answered_by;
  gint64                   answered_at_ms;
  char                    *reason;
};

void        dd_directory_request_free            (DdDirectoryRequest      *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdDirectoryRequest, dd_directory_request_free)

const char *dd_directory_request_state_to_string (DdDirectoryRequestState  state);

/* ---- synchronous API (DdStore owner thread; dutyctl, tests) ---- */

/* Asks the publisher of entry @id of @kind to set its cells to @values
 * (one per CSV column, checked and normalised as an edit does), or with
 * @values %NULL to remove it. Refused (%DD_STORE_ERROR_INVALID) for an
 * entry this desk's unit publishes (edit it instead) and when no cell
 * would change; on problems with the cells the result carries them, as
 * dd_store_directory_edit() does, and nothing is written. Otherwise
 * writes the request (audit "directory.request", outbox "insert" of kind
 * "directory_request"), and with @verify a verification by @by noting
 * the change asked for, in one transaction. The entry does not change
 * here until the publisher's edit arrives. The result's @request is the
 * request; @id the entry's. */
DdDirectoryEdit    *dd_store_directory_request_change  (DdStore             *self,
                                                        DdDirectoryKind      kind,
                                                        const char          *id,
                                                        const char * const  *values,
                                                        gboolean             verify,
                                                        const char          *by,
                                                        const char          *note,
                                                        GError             **error);
/* Answers request @request_id, addressed to this desk's unit and still
 * pending: accepting sets the asked cells on the entry as it is now (the
 * other cells keep their values) or removes it, and records the answer,
 * in one transaction; declining needs a @reason. @by %NULL for the
 * store's actor. Returns the request as answered. */
DdDirectoryRequest *dd_store_directory_answer_request  (DdStore             *self,
                                                        const char          *request_id,
                                                        gboolean             accept,
                                                        const char          *reason,
                                                        const char          *by,
                                                        GError             **error);
/* One request (%DD_STORE_ERROR_NOT_FOUND if this desk holds none). */
DdDirectoryRequest *dd_store_directory_get_request     (DdStore             *self,
                                                        const char          *request_id,
                                                        GError             **error);
/* The requests this desk's unit sent or must answer: those waiting for
 * this desk's answer first, then newest first. With @pending_only, only
 * those not answered yet. */
GPtrArray          *dd_store_directory_list_requests   (DdStore             *self,
                                                        gboolean             pending_only,
                                                        GError             **error);

/* How many requests wait for this desk's answer (-1 on error). */
gint64              dd_store_directory_count_waiting_requests (DdStore       *self,
                                                               GError       **error);

/* ---- asynchronous API (the window, through DdStoreService) ---- */

/* As dd_store_service_directory_edit_async(): on problems the task
 * returns the edit with its problems and no error. @values %NULL asks
 * for a removal. */
void                dd_store_service_directory_request_change_async  (DdStoreService      *service,
                                                                      DdDirectoryKind      kind,
                                                                      const char          *id,
                                                                      const char * const  *values,
                                                                      gboolean             verify,
                                                                      const char          *by,
                                                                      const char          *note,
                                                                      GCancellable        *cancellable,
                                                                      GAsyncReadyCallback  callback,
                                                                      gpointer             user_data);
DdDirectoryEdit    *dd_store_service_directory_request_change_finish (DdStoreService      *service,
                                                                      GAsyncResult        *result,
                                                                      GError             **error);

void                dd_store_service_directory_answer_request_async  (DdStoreService      *service,
                                                                      const char          *request_id,
                                                                      gboolean             accept,
                                                                      const char          *reason,
                                                                      const char          *by,
                                                                      GCancellable        *cancellable,
                                                                      GAsyncReadyCallback  callback,
                                                                      gpointer             user_data);
DdDirectoryRequest *dd_store_service_directory_answer_request_finish (DdStoreService      *service,
                                                                      GAsyncResult        *result,
                                                                      GError             **error);

/* A GPtrArray of #DdDirectoryRequest. */
void                dd_store_service_directory_list_requests_async   (DdStoreService      *service,
                                                                      gboolean             pending_only,
                                                                      GCancellable        *cancellable,
                                                                      GAsyncReadyCallback  callback,
                                                                      gpointer             user_data);
GPtrArray          *dd_store_service_directory_list_requests_finish  (DdStoreService      *service,
                                                                      GAsyncResult        *result,
                                                                      GError             **error);

/* dd_store_directory_count_waiting_requests(); -1 with @error set. */
void                dd_store_service_directory_count_waiting_requests_async  (DdStoreService      *service,
                                                                              GCancellable        *cancellable,
                                                                              GAsyncReadyCallback  callback,
                                                                              gpointer             user_data);
gint64              dd_store_service_directory_count_waiting_requests_finish (DdStoreService      *service,
                                                                              GAsyncResult        *result,
                                                                              GError             **error);

G_END_DECLS
