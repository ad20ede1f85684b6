import React from 'react';
import { FormGroup, Select } from '@adminjs/design-system';
import { PropertyLabel, useTranslation } from 'adminjs';
import { selectTexts } from './french.js';

/**
 * AdminJS's filter of a field: a dropdown among its values is drawn here (AdminJS's passes no
 * props to it, so it says « Select… »), any other field is AdminJS's own text box.
 *
 * A queue's status applies a default while the URL names none (« À traiter »): the dropdown shows
 * it, and clearing it asks for every status (`filterAll`), since an empty filter is the default
 * again (`statusWithDefault` in resources/shared.ts).
 */
const SelectFilter = (props) => {
  const { OriginalComponent, property, filter, onChange } = props;
  const { tl, i18n } = useTranslation();
  if (!property.availableValues) return <OriginalComponent {...props} />;
  const { filterDefault, filterAll } = property.props ?? {};
  const options = property.availableValues.map((v) => ({ ...v, label: tl(`${property.path}.${v.value}`, property.resourceId, { defaultValue: v.label ?? v.value }) }));
  const current = filter[property.path] || filterDefault;
  const selected = options.find((option) => option.value === current);
  const cleared = filterDefault ? filterAll : '';
  return (
    <FormGroup variant="filter">
      <PropertyLabel property={property} filter />
      <Select
        variant="filter"
        inputId={`filter-${property.path}`}
        value={selected ?? ''}
        isClearable={current !== cleared}
        options={options}
        onChange={(s) => onChange(property.path, s ? s.value : cleared)}
        {...selectTexts(i18n.language)}
      />
    </FormGroup>
  );
};

export default SelectFilter;
