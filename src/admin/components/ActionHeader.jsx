import React from 'react';
import { useTranslation } from 'adminjs';

const TITLE_KEY = 'pageTitle';

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
  return <OriginalComponent {...props} action={{ ...action, label: TITLE_KEY }} />;
};

export default ActionHeader;
