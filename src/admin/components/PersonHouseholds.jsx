import React from 'react';
import { Box, Label, Link, Text } from '@adminjs/design-system';
import { useTranslation, ViewHelpers } from 'adminjs';

const h = new ViewHelpers();

/** The households a person belongs to (a child of separated guardians: two), with links to their pages and the role worded by the server (« Enfant, à charge »). */
const PersonHouseholds = ({ property, record, resource }) => {
  const { translateProperty, translateLabel } = useTranslation();
  let households = [];
  try {
    households = JSON.parse(record.params[property.path] || '[]');
  } catch {
    households = [];
  }
  return (
    <Box mb="xl" data-testid="person-households">
      <Label>{translateProperty(property.label, resource.id)}</Label>
      {households.length === 0 ? (
        <Text>—</Text>
      ) : (
        households.map((m) => (
          <Text key={m.householdId} mb="sm">
            <Link href={h.recordActionUrl({ resourceId: 'households', recordId: String(m.householdId), actionName: 'show' })}>
              {translateLabel('householdNumber', resource.id).replace('{{id}}', m.householdId)} — {m.label}
            </Link>{' '}
            ({m.role})
          </Text>
        ))
      )}
    </Box>
  );
};

export default PersonHouseholds;
