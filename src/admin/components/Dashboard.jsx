import React, { useEffect, useState } from 'react';
import { Box, H2, H3, Text, Link } from '@adminjs/design-system';
import { useSelector } from 'react-redux';
import { useTranslation, useCurrentAdmin } from 'adminjs';

/** The day's work, in this order: what residents sent, then the people and the families. */
const QUEUES = ['dossier_requests', 'threads', 'persons', 'households'];

const cell = { padding: '6px 12px', borderBottom: '1px solid #d6dde4', textAlign: 'right' };
const head = { ...cell, textAlign: 'left', fontWeight: 500 };

/** A share 0–1 as « 87 % »; a missing figure as « — ». */
const percent = (share, language) => (share === null ? '—' : `${new Intl.NumberFormat(language === 'en' ? 'en-CA' : 'fr-CA', { maximumFractionDigits: 0 }).format(share * 100)}${language === 'en' ? '%' : '\u00a0%'}`);
const hours = (value, language) => (value === null ? '—' : new Intl.NumberFormat(language === 'en' ? 'en-CA' : 'fr-CA', { maximumFractionDigits: 1 }).format(value));

/** One queue's figures (GET /admin/api/queues) as a table, and each clerk's load. */
const QueueTable = ({ id, figures, t, language }) => (
  <Box mb="xl" style={{ overflowX: 'auto' }}>
    <table style={{ borderCollapse: 'collapse', minWidth: 420 }}>
      <caption style={{ textAlign: 'left', fontSize: 16, fontWeight: 500, padding: '8px 0' }}>{t(`Home.figures.${id}`)}</caption>
      <tbody>
        {['open', 'overdue', 'dueSoon', 'unassigned', 'waitingForResident'].map((key) => (
          <tr key={key}><th scope="row" style={head}>{t(`Home.figures.${key}`)}</th><td style={cell}>{figures[key]}</td></tr>
        ))}
        <tr><th scope="row" style={head}>{t('Home.figures.firstResponse')}</th><td style={cell}>{hours(figures.firstResponseHours.p50, language)} / {hours(figures.firstResponseHours.p90, language)}</td></tr>
        <tr><th scope="row" style={head}>{t('Home.figures.withinSla')}</th><td style={cell}>{percent(figures.withinSlaShare, language)}</td></tr>
      </tbody>
    </table>
    {figures.perClerk.length > 0 && (
      <table style={{ borderCollapse: 'collapse', minWidth: 420, marginTop: 12 }}>
        <caption style={{ textAlign: 'left', padding: '8px 0' }}>{t('Home.figures.perClerk')}</caption>
        <thead><tr><th scope="col" style={head}>{t('Home.figures.clerk')}</th><th scope="col" style={cell}>{t('Home.figures.open')}</th><th scope="col" style={cell}>{t('Home.figures.overdue')}</th></tr></thead>
        <tbody>
          {figures.perClerk.map((c) => (
            <tr key={c.staffId}><th scope="row" style={head}>{c.name}</th><td style={cell}>{c.open}</td><td style={cell}>{c.overdue}</td></tr>
          ))}
        </tbody>
      </table>
    )}
  </Box>
);

/** The queues right now: read once when the home opens (the figures are the server's, on the city's calendar). */
const QueueFigures = ({ t, language }) => {
  const [figures, setFigures] = useState(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    fetch('/admin/api/queues', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then((res) => (res.ok ? res.json() : Promise.reject(new Error(String(res.status)))))
      .then((body) => live && setFigures(body))
      .catch(() => live && setFailed(true));
    return () => { live = false; };
  }, []);
  if (failed) return <Text mb="xl" role="status">{t('Home.figures.unavailable')}</Text>;
  if (!figures) return <Text mb="xl" role="status">{t('Home.figures.loading')}</Text>;
  return (
    <section aria-labelledby="queue-figures">
      <H3 id="queue-figures">{t('Home.figures.title')}</H3>
      <Text mb="lg">{t('Home.figures.note')}</Text>
      <QueueTable id="mailbox" figures={figures.mailbox} t={t} language={language} />
      <QueueTable id="requests" figures={figures.requests} t={t} language={language} />
    </section>
  );
};

/**
 * The panel's home: where to start (the queues this staff member may open, each with what it is
 * for), the other sections, and their account. Nothing from outside the service.
 */
const Dashboard = () => {
  const { translateLabel, translateMessage, translateComponent, i18n } = useTranslation();
  const resources = useSelector((state) => state.resources).filter((r) => r.href);
  const branding = useSelector((state) => state.branding);
  const [session] = useCurrentAdmin();
  const language = i18n.language;
  const queues = QUEUES.map((id) => resources.find((r) => r.id === id)).filter(Boolean);
  const others = resources.filter((r) => !QUEUES.includes(r.id));
  return (
    <Box variant="grey" padding="xl">
      <Box variant="white" padding="xl" style={{ maxWidth: 960 }}>
        <H2>{translateMessage('welcomeOnBoard_title')}{session && session.title ? `, ${session.title}` : ''}</H2>
        <Text mb="xl">{translateMessage('welcomeOnBoard_subtitle')} — {branding.companyName}</Text>
        <QueueFigures t={translateComponent} language={language} />
        {queues.length > 0 && <H3>{translateComponent('Home.start')}</H3>}
        <Box as="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {queues.map((r) => (
            <Box as="li" key={r.id} mb="lg" p="lg" style={{ border: '1px solid #d6dde4', borderLeft: '4px solid #0b4f8a', borderRadius: 4 }}>
              <Link href={r.href} style={{ fontSize: 18, fontWeight: 500 }}>{translateLabel(r.name, r.id)}</Link>
              <Text mt="sm">{translateComponent(`Home.queues.${r.id}`)}</Text>
            </Box>
          ))}
        </Box>
        {others.length > 0 && <H3 mt="xl">{translateComponent('Home.others')}</H3>}
        <Box as="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {others.map((r) => (
            <Box as="li" key={r.id} mb="md">
              <Link href={r.href}>{translateLabel(r.name, r.id)}</Link>
            </Box>
          ))}
        </Box>
        <Text mt="xl">
          {translateComponent('Home.account')} <Link href="/admin/mon-compte" style={{ textDecoration: 'underline' }}>{translateComponent('StaffMenu.account')}</Link>
        </Text>
      </Box>
    </Box>
  );
};

export default Dashboard;
