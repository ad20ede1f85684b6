import React from 'react';
import { Box, Label, Link, Text } from '@adminjs/design-system';
import { useTranslation, ViewHelpers } from 'adminjs';

const h = new ViewHelpers();

/** The households a person belongs to (a child of separated guardians: two), with links to their pages. */
const PersonHouseholds = ({ property, record, resource }) => {
  const { translateLabel, translateProperty } = useTranslation();
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
              #{m.householdId} — {m.label}
            </Link>{' '}
            ({translateLabel(`role_${m.role}`, 'households')}
            {m.dependent ? `, ${translateLabel('memberDependent', 'households').toLowerCase()}` : ''})
          </Text>
        ))
      )}
    </Box>
  );
};

export default PersonHouseholds;
