import type { ActionContext, ActionHandler, ActionRequest, PageHandler, RecordActionResponse } from 'adminjs';
import type { Actor } from '../common/actor.js';
import type { ResidentContext } from '../desk/resident-context.service.js';
import type { DeskSearch } from '../desk/desk-search.service.js';
import { staffActor } from './adapter/panel-resource.js';

/**
 * The record action `context` of threads and requests (issue 18): the resident's context as JSON,
 * for the ResidentContext panel beside the page and the action screens. A GET that reads only
 * (the service records the consultation); never offered as a button.
 */
export function contextAction(read: (id: number, actor: Actor) => Promise<ResidentContext>, timeZone: string) {
  const handler: ActionHandler<RecordActionResponse> = async (_request: ActionRequest, _response, context: ActionContext) => {
    const { record, currentAdmin } = context;
    if (!record) throw new Error('no record');
    return { record: record.toJSON(currentAdmin), context: await read(Number(record.id()), staffActor(context)), timeZone } as RecordActionResponse;
  };
  return { actionType: 'record' as const, isVisible: false, showInDrawer: false, handler };
}

/** The search box's page (`/admin/pages/recherche?q=…`): its API answer is the results grouped by kind. */
export function searchPageHandler(search: DeskSearch, timeZone: string): PageHandler {
  return async (request, _response, context) => {
    const raw = (request as { query?: Record<string, unknown> }).query?.q;
    const text = typeof raw === 'string' ? raw : '';
    return { query: text, timeZone, results: await search.search(text, staffActor(context)) };
  };
}
