import React, { useEffect, useRef, useState } from 'react';
import { Box, H2, H3, H4, Text, Link } from '@adminjs/design-system';
import { useSelector } from 'react-redux';
import { useTranslation, useCurrentAdmin } from 'adminjs';
// Bundled into the panel's components bundle (AdminJS's rollup), never from a CDN: the CSP allows
// scripts from the service only. Only the pieces the chart draws, so that the rest is left out.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);

/** The day's work, in this order: what residents sent, then the people and the families. */
const QUEUES = ['dossier_requests', 'threads', 'persons', 'households'];
const FIGURES = ['open', 'overdue', 'dueSoon', 'unassigned', 'waitingForResident'];
/** Figures whose label depends on the queue (a request waits for its applicant, a thread for the resident). */
const PER_QUEUE = ['open', 'waitingForResident'];

/** The city's blue for the mailbox, a dark orange for the requests: 4.5:1 and more on white, told apart without colour by the bars' and lines' patterns. */
const COLOURS = { mailbox: '#0b4f8a', requests: '#a14a00' };

const cell = { padding: '6px 12px', borderBottom: '1px solid #d6dde4', textAlign: 'right' };
const head = { ...cell, textAlign: 'left', fontWeight: 500 };
const card = { border: '1px solid #d6dde4', borderLeft: '4px solid #0b4f8a', borderRadius: 4 };

const locale = (language) => (language === 'en' ? 'en-CA' : 'fr-CA');
/** A share 0–1 as « 87 % »; a missing figure as « — ». */
const percent = (share, language) => (share === null ? '—' : `${new Intl.NumberFormat(locale(language), { maximumFractionDigits: 0 }).format(share * 100)}${language === 'en' ? '%' : '\u00a0%'}`);
const hours = (value, language) => (value === null ? '—' : new Intl.NumberFormat(locale(language), { maximumFractionDigits: 1 }).format(value));
/** « 30 novembre 2026, 9 h 05 » in the city's time zone. */
const instant = (iso, language, timeZone) => new Intl.DateTimeFormat(locale(language), { timeZone, day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
/** « 10 h 05 » in the city's time zone. */
const clock = (iso, language, timeZone) => new Intl.DateTimeFormat(locale(language), { timeZone, hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
/** A week's Monday (YYYY-MM-DD) as « 14 sept. ». */
const monday = (day, language) => new Intl.DateTimeFormat(locale(language), { timeZone: 'UTC', day: 'numeric', month: 'short' }).format(new Date(`${day}T00:00:00Z`));

/** A figure as a link to the list it counts; its accessible name says what it counts. */
const FigureLink = ({ href, value, label, t }) => (
  <a href={href} aria-label={`${value} — ${label} : ${t('Home.figures.seeList')}`} style={{ fontWeight: 500, textDecoration: 'underline' }}>{value}</a>
);

/** One queue's figures as a table, each number a link to its list, and each clerk's load. */
const QueueTable = ({ id, figures, t, language, hoursSoon, days }) => {
  const caption = t(`Home.figures.${id}`);
  const label = (key) => (PER_QUEUE.includes(key) ? t(`Home.figures.${key}.${id}`) : t(`Home.figures.${key}`, { hours: hoursSoon }));
  return (
    <Box mb="xl" style={{ overflowX: 'auto', flex: '1 1 420px', maxWidth: '100%' }}>
      <table style={{ borderCollapse: 'collapse', width: '100%' }} data-queue={id}>
        <caption style={{ textAlign: 'left', fontSize: 16, fontWeight: 500, padding: '8px 0' }}>{caption}</caption>
        <tbody>
          {FIGURES.map((key) => (
            <tr key={key}>
              <th scope="row" style={head}>{label(key)}</th>
              <td style={cell}><FigureLink href={figures.links[key]} value={figures[key]} label={`${label(key)} (${caption})`} t={t} /></td>
            </tr>
          ))}
          <tr><th scope="row" style={head}>{t('Home.figures.firstResponse')}</th><td style={cell}>{hours(figures.firstResponseHours.p50, language)} / {hours(figures.firstResponseHours.p90, language)}</td></tr>
          <tr><th scope="row" style={head}>{t('Home.figures.withinSla', { days })}</th><td style={cell}>{percent(figures.withinSlaShare, language)}</td></tr>
        </tbody>
      </table>
      {figures.perClerk.length > 0 && (
        <table style={{ borderCollapse: 'collapse', width: '100%', marginTop: 12 }}>
          <caption style={{ textAlign: 'left', padding: '8px 0' }}>{`${t('Home.figures.perClerk')} — ${caption}`}</caption>
          <thead><tr><th scope="col" style={head}>{t('Home.figures.clerk')}</th><th scope="col" style={cell}>{t('Home.figures.openOf')}</th><th scope="col" style={cell}>{t('Home.figures.overdue')}</th></tr></thead>
          <tbody>
            {figures.perClerk.map((c) => (
              <tr key={c.staffId}>
                <th scope="row" style={head}>{c.name}</th>
                <td style={cell}><FigureLink href={c.links.open} value={c.open} label={`${c.name}, ${t('Home.figures.openOf')} (${caption})`} t={t} /></td>
                <td style={cell}><FigureLink href={c.links.overdue} value={c.overdue} label={`${c.name}, ${t('Home.figures.overdue')} (${caption})`} t={t} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Box>
  );
};

/** The open items that have waited longest, each a link to its page. */
const OldestList = ({ title, items, t, language, timeZone }) => (
  <Box mb="lg" style={{ flex: '1 1 320px' }}>
    <H4>{title}</H4>
    {items.length === 0 ? <Text>{t('Home.oldest.none')}</Text> : (
      <Box as="ol" style={{ paddingLeft: 20, margin: 0 }}>
        {items.map((item) => (
          <li key={item.id} style={{ marginBottom: 8 }}>
            <a href={item.href} style={{ fontWeight: 500, textDecoration: 'underline' }}>{item.reference}</a>
            {' — '}{t('Home.oldest.received', { date: instant(item.receivedAt, language, timeZone) })}
            {item.dueAt && <>{', '}{t('Home.oldest.due', { date: instant(item.dueAt, language, timeZone) })}</>}
            {item.overdue && <strong style={{ color: '#a12a00' }}>{` (${t('Home.oldest.overdue')})`}</strong>}
            {', '}{item.assignee ? t('Home.oldest.assignee', { name: item.assignee }) : t('Home.oldest.unassigned')}
          </li>
        ))}
      </Box>
    )}
  </Box>
);

/** Volume received (bars) and share answered in time (lines, right axis) per week, drawn by chart.js; the same data as a table. */
const WeeksChart = ({ weeks, t, language, slaHours }) => {
  const canvas = useRef(null);
  const labels = weeks.map((w) => monday(w.start, language));
  useEffect(() => {
    const share = (queue) => weeks.map((w) => (w[queue].withinSlaShare === null ? null : Math.round(w[queue].withinSlaShare * 100)));
    const chart = new Chart(canvas.current, {
      data: {
        labels,
        datasets: [
          { type: 'bar', label: t('Home.weeks.mailboxReceived'), data: weeks.map((w) => w.mailbox.received), backgroundColor: COLOURS.mailbox, yAxisID: 'volume', order: 2 },
          { type: 'bar', label: t('Home.weeks.requestsReceived'), data: weeks.map((w) => w.requests.received), backgroundColor: COLOURS.requests, yAxisID: 'volume', order: 2 },
          { type: 'line', label: t('Home.weeks.mailboxShare'), data: share('mailbox'), borderColor: COLOURS.mailbox, backgroundColor: COLOURS.mailbox, borderDash: [6, 4], pointStyle: 'circle', pointRadius: 4, yAxisID: 'share', order: 1, spanGaps: false, clip: 8 },
          { type: 'line', label: t('Home.weeks.requestsShare'), data: share('requests'), borderColor: COLOURS.requests, backgroundColor: COLOURS.requests, borderDash: [2, 3], pointStyle: 'rectRot', pointRadius: 5, yAxisID: 'share', order: 1, spanGaps: false, clip: 8 },
        ],
      },
      options: {
        // No animation: a chart that moves is harder to read, and the figures are there at once.
        animation: false,
        maintainAspectRatio: false,
        locale: locale(language),
        scales: {
          volume: { type: 'linear', position: 'left', beginAtZero: true, title: { display: true, text: t('Home.weeks.volume') }, ticks: { precision: 0 } },
          share: { type: 'linear', position: 'right', min: 0, max: 100, title: { display: true, text: `${t('Home.weeks.share')} (%)` }, grid: { drawOnChartArea: false } },
        },
        plugins: { legend: { position: 'bottom' } },
      },
    });
    return () => chart.destroy();
  }, [weeks, language]);
  return (
    <>
      <Box style={{ position: 'relative', height: 320, maxWidth: 900 }}>
        <canvas ref={canvas} role="img" aria-label={t('Home.weeks.chart')} />
      </Box>
      <details style={{ marginTop: 12 }}>
        <summary style={{ cursor: 'pointer', textDecoration: 'underline' }}>{t('Home.weeks.table')}</summary>
        <Box style={{ overflowX: 'auto' }}>
          <table style={{ borderCollapse: 'collapse', minWidth: 560, marginTop: 8 }}>
            <caption style={{ textAlign: 'left', padding: '8px 0' }}>{t('Home.weeks.caption')}</caption>
            <thead>
              <tr>
                <th scope="col" style={head}>{t('Home.weeks.week')}</th>
                <th scope="col" style={cell}>{t('Home.weeks.mailboxReceived')}</th>
                <th scope="col" style={cell}>{t('Home.weeks.mailboxShare')}</th>
                <th scope="col" style={cell}>{t('Home.weeks.requestsReceived')}</th>
                <th scope="col" style={cell}>{t('Home.weeks.requestsShare')}</th>
              </tr>
            </thead>
            <tbody>
              {weeks.map((w, index) => (
                <tr key={w.start}>
                  <th scope="row" style={head}>{labels[index]}</th>
                  <td style={cell}>{w.mailbox.received}</td>
                  <td style={cell}>{percent(w.mailbox.withinSlaShare, language)}</td>
                  <td style={cell}>{w.requests.received}</td>
                  <td style={cell}>{percent(w.requests.withinSlaShare, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Box>
      </details>
    </>
  );
};

/** The dashboard: the queues now, the oldest open items, the last weeks; read once when the home opens. */
const Figures = ({ home, t, language }) => (
  <>
    <section aria-labelledby="queue-figures">
      <H3 id="queue-figures">{t('Home.figures.title')}</H3>
      <Text mb="lg">{t('Home.figures.note', { hours: home.slaHours, days: home.windowDays })} {t('Home.figures.at', { time: clock(home.generatedAt, language, home.timeZone) })}</Text>
      <Box flex style={{ flexWrap: 'wrap', columnGap: 32 }}>
        <QueueTable id="mailbox" figures={home.mailbox} t={t} language={language} hoursSoon={home.dueSoonHours} days={home.windowDays} />
        <QueueTable id="requests" figures={home.requests} t={t} language={language} hoursSoon={home.dueSoonHours} days={home.windowDays} />
      </Box>
    </section>
    <section aria-labelledby="oldest-items">
      <H3 id="oldest-items">{t('Home.oldest.title')}</H3>
      <Box flex style={{ flexWrap: 'wrap', columnGap: 32 }}>
        <OldestList title={t('Home.oldest.threads')} items={home.oldest.threads} t={t} language={language} timeZone={home.timeZone} />
        <OldestList title={t('Home.oldest.requests')} items={home.oldest.requests} t={t} language={language} timeZone={home.timeZone} />
      </Box>
    </section>
    <section aria-labelledby="weeks-chart">
      <H3 id="weeks-chart" mt="xl">{t('Home.weeks.title', { count: home.weeks.length })}</H3>
      <Text mb="lg">{t('Home.weeks.note', { hours: home.slaHours })}</Text>
      <WeeksChart weeks={home.weeks} t={t} language={language} slaHours={home.slaHours} />
    </section>
  </>
);

/** What the role can do on a resource, from the role table (GET /admin/api/home's `tasks`): « Vous pouvez : consulter…, prendre… ». */
const Tasks = ({ resource, actions, t, translateAction, language }) => {
  if (!actions) return null;
  const phrase = (action) => {
    const key = `Home.tasks.${resource}.${action}`;
    const text = t(key);
    // A resource newer than this home's sentences: the action's own name.
    return text.includes('Home.tasks.') ? translateAction(action, resource).toLowerCase() : text;
  };
  return <Text mt="sm" data-tasks={resource}>{`${t('Home.youCan')} ${actions.map(phrase).join(language === 'en' ? '; ' : '\u00a0; ')}.`}</Text>;
};

/**
 * The panel's home: who the staff member is and what their role can do, the queues' figures
 * leading to their lists, then where to start and the other sections. Nothing from outside the service.
 */
const Dashboard = () => {
  const { translateLabel, translateMessage, translateComponent, translateAction, i18n } = useTranslation();
  const resources = useSelector((state) => state.resources).filter((r) => r.href);
  const branding = useSelector((state) => state.branding);
  const [session] = useCurrentAdmin();
  const [home, setHome] = useState(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    fetch('/admin/api/home', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then((res) => (res.ok ? res.json() : Promise.reject(new Error(String(res.status)))))
      .then((body) => live && setHome(body))
      .catch(() => live && setFailed(true));
    return () => { live = false; };
  }, []);
  const language = i18n.language;
  const t = translateComponent;
  const tasks = Object.fromEntries((home?.tasks ?? []).map((task) => [task.resource, task.actions]));
  const queues = QUEUES.map((id) => resources.find((r) => r.id === id)).filter(Boolean);
  const others = resources.filter((r) => !QUEUES.includes(r.id));
  return (
    <Box variant="grey" padding="xl">
      <Box variant="white" padding="xl" style={{ maxWidth: 1100 }}>
        <H2>{translateMessage('welcomeOnBoard_title')}{session && session.title ? `, ${session.title}` : ''}</H2>
        <Text mb="lg">{translateMessage('welcomeOnBoard_subtitle')} — {branding.companyName}</Text>
        {home && <Text mb="xl" data-role={home.role}>{t(`Home.role.${home.role}`)}</Text>}
        {failed && <Text mb="xl" role="status">{t('Home.figures.unavailable')}</Text>}
        {!home && !failed && <Text mb="xl" role="status">{t('Home.figures.loading')}</Text>}
        {home && <Figures home={home} t={t} language={language} />}
        {queues.length > 0 && <H3 mt="xl">{t('Home.start')}</H3>}
        <Box as="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {queues.map((r) => (
            <Box as="li" key={r.id} mb="lg" p="lg" style={card}>
              <Link href={r.href} style={{ fontSize: 18, fontWeight: 500 }}>{translateLabel(r.name, r.id)}</Link>
              <Text mt="sm">{t(`Home.queues.${r.id}`)}</Text>
              <Tasks resource={r.id} actions={tasks[r.id]} t={t} translateAction={translateAction} language={language} />
            </Box>
          ))}
        </Box>
        {others.length > 0 && <H3 mt="xl">{t('Home.others')}</H3>}
        <Box as="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {others.map((r) => (
            <Box as="li" key={r.id} mb="md">
              <Link href={r.href}>{translateLabel(r.name, r.id)}</Link>
              <Tasks resource={r.id} actions={tasks[r.id]} t={t} translateAction={translateAction} language={language} />
            </Box>
          ))}
        </Box>
        <Text mt="xl">
          {t('Home.account')} <Link href="/admin/mon-compte" style={{ textDecoration: 'underline' }}>{t('StaffMenu.account')}</Link>
        </Text>
      </Box>
    </Box>
  );
};

export default Dashboard;
