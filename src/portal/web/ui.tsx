import { createContext, type ComponentChildren, type JSX } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { FieldProblem, Locale, Problem, Result } from './api';

export const BASE = '/portail';

// ---------------------------------------------------------------- language

export const LocaleContext = createContext<Locale>('fr');

/** `t('Français', 'English')`: French first, as every text of the portal is written. */
export function useT(): (fr: string, en: string) => string {
  const locale = useContext(LocaleContext);
  return (fr, en) => (locale === 'fr' ? fr : en);
}

export function useLocale(): Locale {
  return useContext(LocaleContext);
}

// ---------------------------------------------------------------- navigation

type Listener = () => void;
const routeListeners = new Set<Listener>();

export function onRouteChange(listener: Listener): () => void {
  routeListeners.add(listener);
  return () => routeListeners.delete(listener);
}

/** Goes to a page of the portal without reloading; `path` is under /portail (`/connexion?retour=…`). */
export function navigate(path: string, options: { replace?: boolean; state?: unknown } = {}): void {
  const url = `${BASE}${path}`;
  if (options.replace) history.replaceState(options.state ?? null, '', url);
  else history.pushState(options.state ?? null, '', url);
  routeListeners.forEach((listener) => listener());
}

export function Link(props: { to: string; children: ComponentChildren; class?: string; 'aria-describedby'?: string }): JSX.Element {
  const { to, children, ...rest } = props;
  return (
    <a
      {...rest}
      href={`${BASE}${to}`}
      onClick={(event) => {
        if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}

// ---------------------------------------------------------------- notices (the green box)

export interface Flash {
  kind: 'success' | 'error' | 'info';
  text: string;
  link?: { to: string; label: string };
}

let pendingFlash: Flash | null = null;
/** Whether the notice waits for the next page (it then stays there until the one after). */
let flashCarried = false;
const flashListeners = new Set<Listener>();

/** A notice at the top right: of the page the next navigation opens, or with `here`, of this one. */
export function flash(notice: Flash, options: { here?: boolean } = {}): void {
  pendingFlash = notice;
  flashCarried = !options.here;
  flashListeners.forEach((listener) => listener());
}

routeListeners.add(() => {
  if (flashCarried) flashCarried = false;
  else pendingFlash = null;
  flashListeners.forEach((listener) => listener());
});

export function useFlash(): [Flash | null, () => void] {
  const [, redraw] = useState(0);
  useEffect(() => {
    const listener = () => redraw((n) => n + 1);
    flashListeners.add(listener);
    return () => void flashListeners.delete(listener);
  }, []);
  return [
    pendingFlash,
    () => {
      pendingFlash = null;
      redraw((n) => n + 1);
    },
  ];
}

export function Notice({ kind, children, role }: { kind: Flash['kind']; children: ComponentChildren; role?: 'alert' | 'status' }): JSX.Element {
  return (
    <div class={`notice ${kind}`} role={role ?? (kind === 'error' ? 'alert' : 'status')}>
      {children}
    </div>
  );
}

// ---------------------------------------------------------------- pages

/** A page: its title in the tab and as the h1, which receives the focus when the page changes (screen readers announce it). */
export function Page({ title, children, wide }: { title: string; children: ComponentChildren; wide?: boolean }): JSX.Element {
  const heading = useRef<HTMLHeadingElement>(null);
  const t = useT();
  useEffect(() => {
    document.title = `${title} — ${t("Plateforme d'inscription en ligne", 'Online registration platform')}`;
    if (document.activeElement === document.body || document.activeElement?.closest('header, nav, .page')) heading.current?.focus();
  }, [title]);
  return (
    <div class={wide ? 'page wide' : 'page'}>
      <h1 tabIndex={-1} ref={heading}>
        {title}
      </h1>
      {children}
    </div>
  );
}

export function Loading(): JSX.Element {
  const t = useT();
  return (
    <p class="loading" role="status">
      {t('Chargement…', 'Loading…')}
    </p>
  );
}

// ---------------------------------------------------------------- forms

export type Values = Record<string, string>;

export interface FormState<V extends Values> {
  values: V;
  set: (name: keyof V & string, value: string) => void;
  errors: Record<string, string>;
  problem: Problem | null;
  busy: boolean;
  /** Runs the call; field errors go beside their fields, the rest to the summary, which takes the focus. */
  submit: <T>(call: () => Promise<Result<T>>, onDone: (data: T) => void) => Promise<void>;
  fail: (problem: Problem) => void;
}

export function useForm<V extends Values>(initial: V): FormState<V> {
  const [values, setValues] = useState<V>(initial);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const errors: Record<string, string> = {};
  for (const error of problem?.errors ?? []) errors[error.field] ??= error.message;
  return {
    values,
    set: (name, value) => setValues((old) => ({ ...old, [name]: value })),
    errors,
    problem,
    busy,
    fail: setProblem,
    async submit(call, onDone) {
      if (busy) return;
      setBusy(true);
      setProblem(null);
      try {
        const result = await call();
        if (result.ok) onDone(result.data);
        else setProblem(result.problem);
      } finally {
        setBusy(false);
      }
    },
  };
}

/** The fields of a problem that this form shows; a field error for another field is shown in the summary only. */
export function ErrorSummary({ problem, labels }: { problem: Problem | null; labels: Record<string, string> }): JSX.Element | null {
  const box = useRef<HTMLDivElement>(null);
  const t = useT();
  useEffect(() => {
    if (problem) box.current?.focus();
  }, [problem]);
  if (!problem) return null;
  const fieldErrors = (problem.errors ?? []).filter((error, i, all) => all.findIndex((e) => e.field === error.field) === i);
  return (
    <div class="notice error summary" role="alert" tabIndex={-1} ref={box} aria-labelledby="summary-title">
      <p id="summary-title" class="summary-title">
        {fieldErrors.length ? t('Le formulaire contient des erreurs :', 'The form has errors:') : problem.title}
      </p>
      {fieldErrors.length ? (
        <ul>
          {fieldErrors.map((error: FieldProblem) => (
            <li key={error.field}>
              {labels[error.field] ? (
                <a
                  href={`#${fieldId(error.field)}`}
                  onClick={(event) => {
                    event.preventDefault();
                    document.getElementById(fieldId(error.field))?.focus();
                  }}
                >
                  {labels[error.field]} : {error.message}
                </a>
              ) : (
                error.message
              )}
            </li>
          ))}
        </ul>
      ) : problem.detail ? (
        <p>{problem.detail}</p>
      ) : null}
    </div>
  );
}

export function fieldId(name: string): string {
  return `champ-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

interface FieldProps {
  name: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  error?: string;
  hint?: ComponentChildren;
  type?: string;
  autocomplete?: string;
  inputMode?: 'numeric' | 'email' | 'tel' | 'text';
  required?: boolean;
  maxLength?: number;
  multiline?: boolean;
}

/** A labelled field; its hint and its error are tied to it (aria-describedby), and it says when it is invalid. */
export function Field(props: FieldProps): JSX.Element {
  const id = fieldId(props.name);
  const hintId = props.hint ? `${id}-aide` : null;
  const errorId = props.error ? `${id}-erreur` : null;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: props.name,
    value: props.value,
    required: props.required ?? true,
    maxLength: props.maxLength,
    'aria-invalid': props.error ? ('true' as const) : undefined,
    'aria-describedby': describedBy,
    onInput: (event: Event) => props.onInput((event.currentTarget as HTMLInputElement).value),
  };
  return (
    <div class={props.error ? 'field invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={hintId!}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="field-error" id={errorId!}>
          <span aria-hidden="true">✖ </span>
          {props.error}
        </p>
      ) : null}
      {props.multiline ? <textarea {...common} rows={8} /> : <input {...common} type={(props.type ?? 'text') as 'text'} autoComplete={props.autocomplete} inputMode={props.inputMode} />}
    </div>
  );
}

/**
 * A form of the portal: it posts through the API (its script), so the browser's own submission is
 * replaced; errors come back from the API and go beside their fields (`useForm`).
 */
export function Form<T>(props: { form: FormState<Values>; call: () => Promise<Result<T>>; done: (data: T) => void; children: ComponentChildren; class?: string; before?: () => void }): JSX.Element {
  return (
    <form
      method="post"
      action="#"
      noValidate
      class={props.class}
      onSubmit={(event) => {
        event.preventDefault();
        props.before?.();
        void props.form.submit(props.call, props.done);
      }}
    >
      {props.children}
    </form>
  );
}

export function Submit({ busy, children }: { busy: boolean; children: ComponentChildren }): JSX.Element {
  const t = useT();
  return (
    <button type="submit" class="primary" aria-disabled={busy ? 'true' : undefined}>
      {children}
      {busy ? <span class="visually-hidden"> {t('(envoi en cours)', '(sending)')}</span> : null}
    </button>
  );
}

/** Dates and instants as a resident reads them, in the city's time. */
export function formatDateTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', { dateStyle: 'long', timeStyle: 'short', timeZone: 'America/Toronto' }).format(new Date(iso));
}

export function formatDate(isoDate: string, locale: Locale): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y!, m! - 1, d!)));
}
