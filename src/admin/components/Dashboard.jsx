import React from 'react';
import { Box, H2, H3, Text, Link } from '@adminjs/design-system';
import { useSelector } from 'react-redux';
import { useTranslation, useCurrentAdmin } from 'adminjs';

/** The day's work, in this order: what residents sent, then the people and the families. */
const QUEUES = ['dossier_requests', 'persons', 'households'];

/**
 * The panel's home: where to start (the queues this staff member may open, each with what it is
 * for), the other sections, and their account. Nothing from outside the service.
 */
const Dashboard = () => {
  const { translateLabel, translateMessage, translateComponent } = useTranslation();
  const resources = useSelector((state) => state.resources).filter((r) => r.href);
  const branding = useSelector((state) => state.branding);
  const [session] = useCurrentAdmin();
  const queues = QUEUES.map((id) => resources.find((r) => r.id === id)).filter(Boolean);
  const others = resources.filter((r) => !QUEUES.includes(r.id));
  return (
    <Box variant="grey" padding="xl">
      <Box variant="white" padding="xl" style={{ maxWidth: 960 }}>
        <H2>{translateMessage('welcomeOnBoard_title')}{session && session.title ? `, ${session.title}` : ''}</H2>
        <Text mb="xl">{translateMessage('welcomeOnBoard_subtitle')} — {branding.companyName}</Text>
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
          {translateComponent('Home.account')} <Link href="/admin/mon-compte">{translateComponent('StaffMenu.account')}</Link>
        </Text>
      </Box>
    </Box>
  );
};

export default Dashboard;
