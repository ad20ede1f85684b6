import React from 'react';
import { Box, H2, Text, Link } from '@adminjs/design-system';
import { useSelector } from 'react-redux';
import { useTranslation, useCurrentAdmin } from 'adminjs';

/** The panel's home: the city's name and the sections this staff member may open, nothing from outside. */
const Dashboard = () => {
  const { translateLabel, translateMessage } = useTranslation();
  const resources = useSelector((state) => state.resources);
  const branding = useSelector((state) => state.branding);
  const [session] = useCurrentAdmin();
  return (
    <Box variant="grey" padding="xl">
      <Box variant="white" padding="xl" style={{ maxWidth: 880 }}>
        <H2>{translateMessage('welcomeOnBoard_title')}{session && session.title ? `, ${session.title}` : ''}</H2>
        <Text mb="lg">{translateMessage('welcomeOnBoard_subtitle')} — {branding.companyName}</Text>
        <Box as="ul" style={{ listStyle: 'none', padding: 0 }}>
          {resources.filter((r) => r.href).map((r) => (
            <Box as="li" key={r.id} mb="md">
              <Link href={r.href} style={{ fontSize: 16 }}>{translateLabel(r.name, r.id)}</Link>
            </Box>
          ))}
        </Box>
      </Box>
    </Box>
  );
};

export default Dashboard;
