import React from 'react';
import { Box, Label, Link, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { useTranslation, ViewHelpers } from 'adminjs';

const h = new ViewHelpers();

/** The members of a record's `members` JSON (the household's page and the families' forms). */
export function membersOf(record) {
  try {
    return JSON.parse(record.params.members || '[]');
  } catch {
    return [];
  }
}

/**
 * A household's members (D2): name with a link to the person's page, dossier number, date of birth
 * as stored (YYYY-MM-DD, never shifted by the browser's time zone), age on the city's day,
 * relationship and dependent flag.
 */
const HouseholdMembers = ({ property, record, resource }) => {
  const { translateLabel, translateMessage, translateProperty } = useTranslation();
  const members = membersOf(record);
  return (
    <Box mb="xl" data-testid="household-members">
      <Label>{translateProperty(property.label, resource.id)}</Label>
      {members.length === 0 ? (
        <Text>{translateMessage('noMembers', resource.id)}</Text>
      ) : (
        <Table>
          <TableHead>
            <TableRow>
              <TableCell>{translateLabel('memberName', resource.id)}</TableCell>
              <TableCell>{translateProperty('dossierNumber', 'persons')}</TableCell>
              <TableCell>{translateProperty('birthDate', 'persons')}</TableCell>
              <TableCell>{translateLabel('memberAge', resource.id)}</TableCell>
              <TableCell>{translateLabel('memberRole', resource.id)}</TableCell>
              <TableCell>{translateLabel('memberDependent', resource.id)}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {members.map((m) => (
              <TableRow key={m.personId}>
                <TableCell>
                  <Link href={h.recordActionUrl({ resourceId: 'persons', recordId: String(m.personId), actionName: 'show' })}>
                    {m.lastName}, {m.firstName}
                  </Link>
                </TableCell>
                <TableCell>{m.dossierNumber}</TableCell>
                <TableCell>{m.birthDate}</TableCell>
                <TableCell>{m.age}</TableCell>
                <TableCell>{translateLabel(`role_${m.role}`, resource.id)}</TableCell>
                <TableCell>{translateLabel(m.dependent ? 'yes' : 'no', resource.id)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
};

export default HouseholdMembers;
