import React from 'react';
import { Box, Label, Link, Text } from '@adminjs/design-system';
import { useTranslation, ViewHelpers } from 'adminjs';

const h = new ViewHelpers();

/** An offering's class list and waitlist: links to the registrations and the waitlist filtered by the offering. */
const OfferingLists = ({ property, record, resource }) => {
  const { translateProperty, translateLabel } = useTranslation();
  const offeringId = String(record.params[property.path] || record.id);
  const link = (resourceId, label) => (
    <Text mb="sm">
      <Link href={`${h.resourceUrl({ resourceId })}?filters.offeringId=${encodeURIComponent(offeringId)}`}>{translateLabel(label, resource.id)}</Link>
    </Text>
  );
  return (
    <Box mb="xl" data-testid="offering-lists">
      <Label>{translateProperty(property.label, resource.id)}</Label>
      {link('registrations', 'classList')}
      {link('waitlist', 'waitlistOfOffering')}
    </Box>
  );
};

export default OfferingLists;
