import React from 'react';
import { Box, Button, Icon, Text } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

/**
 * « Exporter le dossier (Loi 25) »: what the file holds, and its two downloads (PDF for the person,
 * JSON for a program). Each download is a GET the server audits (« Exportation » on the person);
 * nothing changes on this screen.
 */
const PersonFile = ({ record, resource }) => {
  const { translateMessage } = useTranslation();
  const base = `/admin/persons/${encodeURIComponent(record.id)}/file`;
  return (
    <Box variant="white" padding="xl" data-testid="person-file">
      <Text mb="lg">{translateMessage('personFileIntro', resource.id)}</Text>
      <Text mb="xl"><strong>{record.title}</strong></Text>
      <Box flex flexDirection="row" style={{ gap: '16px', flexWrap: 'wrap' }}>
        <Button as="a" variant="contained" href={`${base}.pdf`} download data-testid="person-file-pdf">
          <Icon icon="FileText" />
          {translateMessage('personFilePdf', resource.id)}
        </Button>
        <Button as="a" variant="outlined" href={`${base}.json`} download data-testid="person-file-json">
          <Icon icon="Download" />
          {translateMessage('personFileJson', resource.id)}
        </Button>
      </Box>
      <Text mt="xl" variant="sm">{translateMessage('personFileAudited', resource.id)}</Text>
    </Box>
  );
};

export default PersonFile;
