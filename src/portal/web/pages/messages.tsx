import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorSummary, Field, Form, fieldId, flash, formatDateTime, Link, Loading, navigate, Page, Submit, useForm, useLocale, useT } from '../ui';
import { ProblemNotice, useLoad } from './family';

interface ThreadSummary {
  id: number;
  reference: string;
  category: string;
  categoryLabel: string;
  subject: string;
  status: 'open' | 'answered' | 'closed';
  receivedAt: string;
  dueAt: string;
  lastMessageAt: string;
}

interface ThreadView extends ThreadSummary {
  firstResponseAt: string | null;
  messages: Array<{ id: number; author: 'resident' | 'staff'; body: string; createdAt: string }>;
}

function useStatusLabel(): (status: string) => string {
  const t = useT();
  const labels: Record<string, string> = {
    open: t('En attente de réponse', 'Waiting for an answer'),
    answered: t('Répondu', 'Answered'),
    closed: t('Fermé', 'Closed'),
  };
  return (status) => labels[status] ?? status;
}

/** The resident's messages with the inscriptions mailbox (M1): the list, newest first. */
export function MessagesPage(): JSX.Element {
  const t = useT();
  const locale = useLocale();
  const statusLabel = useStatusLabel();
  const [page, setPage] = useState(1);
  const { data, problem, loading } = useLoad<{ items: ThreadSummary[]; page: number; pageSize: number; total: number }>(`/me/messages?page=${page}&pageSize=20`);
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  return (
    <Page title={t('Mes messages', 'My messages')} wide>
      <p>
        {t('Vos échanges avec la boîte des inscriptions. Un retour sera fait dans les 72 heures ouvrables.', 'Your conversations with the registrations mailbox. We answer within 72 business hours.')}
      </p>
      <p>
        <Link to="/messages/nouveau" class="button primary">
          {t('Écrire un nouveau message', 'Write a new message')}
        </Link>
      </p>
      {loading ? <Loading /> : null}
      {problem ? <ProblemNotice problem={problem} /> : null}
      {data && !data.total ? <p>{t('Vous n’avez encore écrit aucun message.', 'You have not written any message yet.')}</p> : null}
      {data?.items.length ? (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={t('Mes messages', 'My messages')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('Objet', 'Subject')}</th>
                <th scope="col">{t('Référence', 'Reference')}</th>
                <th scope="col">{t('Catégorie', 'Category')}</th>
                <th scope="col">{t('État', 'Status')}</th>
                <th scope="col">{t('Dernier message', 'Last message')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((thread) => (
                <tr key={thread.id}>
                  <th scope="row">
                    <Link to={`/messages/${thread.id}`}>{thread.subject}</Link>
                  </th>
                  <td>{thread.reference}</td>
                  <td>{thread.categoryLabel}</td>
                  <td>
                    <span class={`status status-${thread.status}`}>{statusLabel(thread.status)}</span>
                  </td>
                  <td>{formatDateTime(thread.lastMessageAt, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {pages > 1 ? (
        <nav class="pager" aria-label={t('Pages', 'Pages')}>
          <button type="button" class="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            {t('Page précédente', 'Previous page')}
          </button>
          <span>{t(`Page ${page} sur ${pages}`, `Page ${page} of ${pages}`)}</span>
          <button type="button" class="secondary" disabled={page >= pages} onClick={() => setPage(page + 1)}>
            {t('Page suivante', 'Next page')}
          </button>
        </nav>
      ) : null}
    </Page>
  );
}

const CATEGORIES = [
  ['address_change', 'Changement d’adresse', 'Change of address'],
  ['member_change', 'Ajout ou retrait d’un membre', 'Adding or removing a member'],
  ['correction', 'Correction d’information', 'Correction of information'],
  ['other', 'Autre', 'Other'],
] as const;

export function NewMessagePage(): JSX.Element {
  const t = useT();
  const locale = useLocale();
  const form = useForm({ category: '', subject: '', body: '' });
  const labels = { category: t('Catégorie', 'Category'), subject: t('Objet', 'Subject'), body: t('Message', 'Message') };
  return (
    <Page title={t('Écrire à la boîte des inscriptions', 'Write to the registrations mailbox')}>
      <p>
        {t(
          'Pour toute modification à votre dossier (adresse, téléphone, membres de la famille, enfants à charge), décrivez-la ici. Un retour sera fait dans les 72 heures ouvrables.',
          'For any change to your dossier (address, phone, family members, dependent children), describe it here. We answer within 72 business hours.',
        )}
      </p>
      <ErrorSummary problem={form.problem} labels={labels} />
      <Form
        form={form}
        call={() => api<{ id: number; reference: string; dueAt: string }>('POST', '/me/messages', form.values, { auth: true })}
        done={(created) => {
          flash({
            kind: 'success',
            text: t(
              `Message envoyé. Votre numéro de référence : ${created.reference}. Nous vous répondrons au plus tard le ${formatDateTime(created.dueAt, locale)}.`,
              `Message sent. Your reference number: ${created.reference}. We will answer by ${formatDateTime(created.dueAt, locale)}.`,
            ),
          });
          navigate(`/messages/${created.id}`);
        }}
      >
        <div class={form.errors.category ? 'field invalid' : 'field'}>
          <label for={fieldId('category')}>{labels.category}</label>
          {form.errors.category ? (
            <p class="field-error" id={`${fieldId('category')}-erreur`}>
              {form.errors.category}
            </p>
          ) : null}
          <select
            id={fieldId('category')}
            name="category"
            required
            value={form.values.category}
            aria-invalid={form.errors.category ? 'true' : undefined}
            aria-describedby={form.errors.category ? `${fieldId('category')}-erreur` : undefined}
            onChange={(event) => form.set('category', (event.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">{t('Choisissez une catégorie', 'Choose a category')}</option>
            {CATEGORIES.map(([value, fr, en]) => (
              <option key={value} value={value}>
                {locale === 'fr' ? fr : en}
              </option>
            ))}
          </select>
        </div>
        <Field name="subject" label={labels.subject} value={form.values.subject} onInput={(v) => form.set('subject', v)} error={form.errors.subject} maxLength={200} />
        <Field name="body" label={labels.body} value={form.values.body} onInput={(v) => form.set('body', v)} error={form.errors.body} multiline maxLength={10000} />
        <Submit busy={form.busy}>{t('Envoyer', 'Send')}</Submit>
      </Form>
    </Page>
  );
}

export function ThreadPage({ params }: { params: Record<string, string> }): JSX.Element {
  const t = useT();
  const locale = useLocale();
  const statusLabel = useStatusLabel();
  const { data, problem, loading, reload } = useLoad<ThreadView>(`/me/messages/${params.id}`);
  const form = useForm({ body: '' });
  return (
    <Page title={data ? data.subject : t('Conversation', 'Conversation')} wide>
      <p>
        <Link to="/messages">{t('← Mes messages', '← My messages')}</Link>
      </p>
      {loading ? <Loading /> : null}
      {problem ? <ProblemNotice problem={problem} /> : null}
      {data ? (
        <>
          <dl class="facts">
            <dt>{t('Référence', 'Reference')}</dt>
            <dd>{data.reference}</dd>
            <dt>{t('Catégorie', 'Category')}</dt>
            <dd>{data.categoryLabel}</dd>
            <dt>{t('État', 'Status')}</dt>
            <dd>{statusLabel(data.status)}</dd>
            <dt>{t('Réponse au plus tard', 'Answer by')}</dt>
            <dd>{formatDateTime(data.dueAt, locale)}</dd>
          </dl>
          <ol class="messages">
            {data.messages.map((message) => (
              <li key={message.id} class={`message ${message.author}`}>
                <p class="meta">
                  <strong>{message.author === 'staff' ? t('Service des loisirs', 'Recreation department') : t('Vous', 'You')}</strong>
                  {' — '}
                  <time dateTime={message.createdAt}>{formatDateTime(message.createdAt, locale)}</time>
                </p>
                <div class="body">{message.body}</div>
              </li>
            ))}
          </ol>
          {data.status === 'closed' ? (
            <p>{t('Cette conversation est fermée. Pour une nouvelle demande, écrivez un nouveau message.', 'This conversation is closed. For a new request, write a new message.')}</p>
          ) : null}
          <h2>{t('Répondre', 'Reply')}</h2>
          <ErrorSummary problem={form.problem} labels={{ body: t('Votre réponse', 'Your reply') }} />
          <Form
            form={form}
            call={() => api('POST', `/me/messages/${params.id}/replies`, form.values, { auth: true })}
            done={() => {
              form.set('body', '');
              flash({ kind: 'success', text: t('Votre réponse a été envoyée.', 'Your reply has been sent.') }, { here: true });
              reload();
            }}
          >
            <Field name="body" label={t('Votre réponse', 'Your reply')} value={form.values.body} onInput={(v) => form.set('body', v)} error={form.errors.body} multiline maxLength={10000} />
            <Submit busy={form.busy}>{t('Envoyer la réponse', 'Send the reply')}</Submit>
          </Form>
        </>
      ) : null}
    </Page>
  );
}
