import React from 'react';
import { Link, useLocation } from 'react-router-dom';
import { Box, Text } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

const TITLE_KEY = 'pageTitle';

/**
 * A list narrowed by a default its URL does not name (the queue's « À traiter »): said under the
 * title, with a link that lifts it (`filterAll`), so that no clerk takes the queue for every request.
 */
const DefaultFilters = ({ resource }) => {
  const { search } = useLocation();
  const { tl, translateProperty, translateMessage } = useTranslation();
  const query = new URLSearchParams(search);
  // A resource's JSON names a property's path `propertyPath` (`path` is the filter components' name for it).
  const defaults = (resource.filterProperties ?? []).filter((p) => p.props?.filterDefault && !query.get(`filters.${p.propertyPath}`));
  if (!defaults.length) return null;
  const all = new URLSearchParams(search);
  all.delete('page');
  for (const p of defaults) all.set(`filters.${p.propertyPath}`, p.props.filterAll);
  const named = defaults
    .map((p) => translateMessage('defaultFilter', resource.id, { label: translateProperty(p.label, resource.id), value: tl(`${p.propertyPath}.${p.props.filterDefault}`, resource.id, { defaultValue: p.props.filterDefault }) }))
    .join(', ');
  return (
    <Box mb="lg" px={['default', 0]} data-testid="default-filters">
      <Text as="p">
        {translateMessage('defaultFilters', resource.id, { filters: named })}{' '}
        <Link to={{ search: `?${all.toString()}` }}>{translateMessage('defaultFiltersLift', resource.id)}</Link>
      </Text>
    </Box>
  );
};

/**
 * AdminJS titles a page with its action (« Liste », « Afficher »): a list is titled with its section
 * (« Personnes »), a record's page with the record (« Bélanger, Sophie (100156) »), a new record
 * with the section and the action. The breadcrumbs still name the action.
 *
 * AdminJS translates the title it is given as an i18n key (a raw title with a dot or a colon would
 * be mangled): the title is registered under a key of its own first.
 */
const ActionHeader = (props) => {
  const { OriginalComponent, resource, action, record } = props;
  const { i18n, translateLabel, translateAction } = useTranslation();
  if (!action || !resource) return <OriginalComponent {...props} />;
  const section = translateLabel(resource.name, resource.id);
  const title = action.name === 'list'
    ? section
    : record && record.title
      ? record.title
      : `${section} — ${translateAction(action.label, resource.id)}`;
  i18n.addResource(i18n.language, 'translation', `resources.${resource.id}.actions.${TITLE_KEY}`, title, { silent: true });
  const header = <OriginalComponent {...props} action={{ ...action, label: TITLE_KEY }} />;
  if (action.name !== 'list') return header;
  return (
    <>
      {header}
      <DefaultFilters resource={resource} />
    </>
  );
};

export default ActionHeader;
