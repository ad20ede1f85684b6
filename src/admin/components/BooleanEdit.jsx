import React, { useEffect } from 'react';

/**
 * AdminJS's checkbox, starting at the property's `custom.defaultOnNew` on a new record's form: an
 * empty form would show it unchecked (and post nothing) while the server creates, say, an active
 * member. The value is then posted like any other, so that what the form shows is what is created.
 */
const BooleanEdit = (props) => {
  const { OriginalComponent, property, record, onChange } = props;
  const preset = property.custom ? property.custom.defaultOnNew : undefined;
  const unset = !record.id && (record.params[property.path] === undefined || record.params[property.path] === '');
  useEffect(() => {
    if (preset !== undefined && unset) onChange(property.path, preset);
  }, [preset, unset]);
  return <OriginalComponent {...props} />;
};

export default BooleanEdit;
