import React, { useEffect, useRef, useState } from 'react';
import { Box, H2, H3, Text } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

/** How often the figures are read again, without reloading the page. */
const REFRESH_MS = 5000;

const cell = { padding: '6px 12px', borderBottom: '1px solid #d6dde4', textAlign: 'right', whiteSpace: 'nowrap' };
const head = { ...cell, textAlign: 'left', fontWeight: 500 };
const tableStyle = { borderCollapse: 'collapse', minWidth: 420 };

/**
 * A wall-clock time of the city as the server wrote it (ISO 8601 with the city's offset, TZ_CITY):
 * « 2026-12-06 19:00:05 », whatever the browser's own time zone.
 */
const cityTime = (iso) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : '—');

const number = (value, language) => new Intl.NumberFormat(language === 'en' ? 'en-CA' : 'fr-CA', { maximumFractionDigits: 1 }).format(value);

/** Minutes to admit everyone still waiting at the configured rate, rounded up. */
const minutesToAdmit = (waiting, perMinute) => (perMinute > 0 ? Math.ceil(waiting / perMinute) : null);

const Figures = ({ rows, caption }) => (
  <table style={tableStyle}>
    <caption style={{ textAlign: 'left', fontSize: 16, fontWeight: 500, padding: '8px 0' }}>{caption}</caption>
    <tbody>
      {rows.map(([label, value, testId]) => (
        <tr key={label}>
          <th scope="row" style={head}>{label}</th>
          <td style={cell} data-testid={testId}>{value}</td>
        </tr>
      ))}
    </tbody>
  </table>
);

/** One opening: its draw, its room (present, waiting, admitted, served, the rate) and the seats of the offerings it opens, the hottest first. */
const Opening = ({ opening, settings, t, language }) => {
  const id = `opening-${opening.opensAt.replace(/[^0-9]/g, '')}`;
  const minutes = minutesToAdmit(opening.waiting, settings.admissionPerMinute);
  const draw = opening.drawnAt
    ? [
        [t('WaitingRoom.drawnAt'), cityTime(opening.drawnAt)],
        [t('WaitingRoom.entrants'), number(opening.entrants, language), 'entrants'],
        [t('WaitingRoom.seed'), <code style={{ fontSize: 12, wordBreak: 'break-all', whiteSpace: 'normal' }}>{opening.seed}</code>],
      ]
    : [[t('WaitingRoom.drawnAt'), t('WaitingRoom.notDrawn')]];
  const room = [
    [t('WaitingRoom.present'), number(opening.present, language), 'present'],
    [t('WaitingRoom.waiting'), number(opening.waiting, language), 'waiting'],
    [t('WaitingRoom.admitted'), number(opening.admitted, language), 'admitted'],
    [t('WaitingRoom.served'), number(opening.served, language), 'served'],
    [t('WaitingRoom.rate'), t('WaitingRoom.perMinute', { rate: number(settings.admissionPerMinute, language) })],
    [t('WaitingRoom.toAdmit'), minutes === null ? '—' : t('WaitingRoom.minutes', { minutes: number(minutes, language) })],
  ];
  return (
    <Box as="section" aria-labelledby={id} mb="xxl" data-testid="opening">
      <H3 id={id}>{t('WaitingRoom.opening', { time: cityTime(opening.opensAt) })}</H3>
      <Box flex flexDirection="row" flexWrap="wrap" style={{ gap: 32 }}>
        <Figures caption={t('WaitingRoom.draw')} rows={draw} />
        <Figures caption={t('WaitingRoom.room')} rows={room} />
      </Box>
      <Box mt="lg" style={{ overflowX: 'auto' }}>
        <table style={{ ...tableStyle, width: '100%' }} data-testid="opening-offerings">
          <caption style={{ textAlign: 'left', fontSize: 16, fontWeight: 500, padding: '8px 0' }}>{t('WaitingRoom.offerings')}</caption>
          <thead>
            <tr>
              <th scope="col" style={head}>{t('WaitingRoom.offering')}</th>
              <th scope="col" style={head}>{t('WaitingRoom.opensFor')}</th>
              <th scope="col" style={cell}>{t('WaitingRoom.capacity')}</th>
              <th scope="col" style={cell}>{t('WaitingRoom.taken')}</th>
              <th scope="col" style={cell}>{t('WaitingRoom.waitlist')}</th>
              <th scope="col" style={cell}>{t('WaitingRoom.remaining')}</th>
            </tr>
          </thead>
          <tbody>
            {opening.offerings.length === 0 ? (
              <tr><td colSpan={6} style={{ ...head, fontWeight: 400 }}>{t('WaitingRoom.noOfferings')}</td></tr>
            ) : (
              opening.offerings.map((o) => (
                <tr key={`${o.code}-${o.opensFor}`}>
                  <th scope="row" style={{ ...head, whiteSpace: 'normal' }}>{o.code} — {o.activity} ({o.group})</th>
                  <td style={{ ...head, fontWeight: 400 }}>{t(`WaitingRoom.for.${o.opensFor}`)}</td>
                  <td style={cell}>{o.capacity}</td>
                  <td style={cell}>{o.taken}</td>
                  <td style={cell}>{o.waitlist ? t('WaitingRoom.waitlistSeats', { entries: o.waitlist, seats: o.waitlistSeats }) : '0'}</td>
                  <td style={{ ...cell, fontWeight: o.remaining === 0 ? 700 : 400 }}>{o.remaining === 0 ? t('WaitingRoom.full') : o.remaining}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </Box>
    </Box>
  );
};

/**
 * The supervisors' live view of the registration nights (issue 17, item 6; R5): for each opening of
 * the last days and the rooms open now, the draw (when, its seed, how many drawn), how many
 * households wait, are admitted and served, the admission rate, and the seats left of each
 * offering that opens then, the hottest first. It reads GET /admin/api/waiting-room again every few
 * seconds, without reloading the page; the figures are the server's, from the database (every
 * instance's rooms alike).
 */
const WaitingRoomLive = () => {
  const { translateComponent: t, i18n } = useTranslation();
  const language = i18n.language;
  const [state, setState] = useState({ data: null, failed: null, at: null });
  const busy = useRef(false);
  useEffect(() => {
    let live = true;
    const read = async () => {
      if (busy.current) return;
      busy.current = true;
      try {
        const res = await fetch('/admin/api/waiting-room?first=1', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
        if (!res.ok) throw new Error(String(res.status));
        const data = await res.json();
        if (live) setState({ data, failed: null, at: data.now });
      } catch (error) {
        if (live) setState((previous) => ({ ...previous, failed: error.message === '403' ? 'forbidden' : 'unavailable' }));
      } finally {
        busy.current = false;
      }
    };
    read();
    const timer = setInterval(read, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);
  const { data, failed, at } = state;
  return (
    <Box variant="grey" padding="xl">
      <Box variant="white" padding="xl" style={{ maxWidth: 1100 }}>
        <H2>{t('WaitingRoom.title')}</H2>
        <Text mb="lg">{t('WaitingRoom.intro', { seconds: REFRESH_MS / 1000 })}</Text>
        {/* Not a live region: read every few seconds, it would interrupt a screen reader all night. */}
        <Text mb="xl" data-testid="refreshed">{at ? t('WaitingRoom.refreshed', { time: cityTime(at).slice(11) }) : t('WaitingRoom.loading')}</Text>
        {failed ? <Text mb="xl" role="alert">{t(`WaitingRoom.${failed}`)}</Text> : null}
        {data && data.openings.length === 0 ? <Text>{t('WaitingRoom.none')}</Text> : null}
        {data ? data.openings.map((opening) => <Opening key={opening.opensAt} opening={opening} settings={data.settings} t={t} language={language} />) : null}
      </Box>
    </Box>
  );
};

export default WaitingRoomLive;
