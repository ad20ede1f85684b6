import React from 'react';
import { Box, DrawerContent } from '@adminjs/design-system';
import { BasePropertyComponent } from 'adminjs';
import { BesideContext } from './ResidentContext.jsx';

/**
 * A thread's or a request's page: its fields on the left as AdminJS shows them, the resident's
 * context beside them (below them on a narrow screen).
 */
const ShowWithContext = ({ resource, record }) => (
  <DrawerContent>
    <BesideContext resourceId={resource.id} recordId={record.id} width="460px">
      <Box flexGrow={1} style={{ minWidth: 0 }}>
        {resource.showProperties.map((property) => (
          <BasePropertyComponent key={property.propertyPath} where="show" property={property} resource={resource} record={record} />
        ))}
      </Box>
    </BesideContext>
  </DrawerContent>
);

export default ShowWithContext;
