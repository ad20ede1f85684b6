import React, { useEffect, useState } from 'react';
import { Box, Button, Icon, Input } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';
import { useLocation, useNavigate } from 'react-router';

/** The address of the search box's results for a text. */
export const searchUrl = (text) => `/admin/pages/recherche?q=${encodeURIComponent(text)}`;

/**
 * The panel's one search box, at the top of every page (issue 18): a name, a dossier number, a
 * reference, an email or a phone number, whatever the kind of record; Enter shows the results
 * grouped by kind. (It takes the place of AdminJS's version line, which the panel hides.)
 */
const GlobalSearch = () => {
  const { translateMessage } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const current = location.pathname.endsWith('/pages/recherche') ? new URLSearchParams(location.search).get('q') || '' : '';
  const [text, setText] = useState(current);
  useEffect(() => setText(current), [current]);
  const submit = (event) => {
    event.preventDefault();
    if (text.trim()) navigate(searchUrl(text.trim()));
  };
  return (
    <Box flex flexGrow={1} alignItems="center" px={['default', 'xl']} data-css="version">
      <form role="search" onSubmit={submit} style={{ display: 'flex', alignItems: 'center', gap: '8px', width: '100%', maxWidth: '560px' }}>
        <label htmlFor="global-search" style={{ position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
          {translateMessage('searchLabel')}
        </label>
        <Input id="global-search" type="search" name="q" value={text} onChange={(event) => setText(event.target.value)} placeholder={translateMessage('searchPlaceholder')} style={{ flexGrow: 1 }} autoComplete="off" />
        <Button type="submit" variant="contained" size="sm" aria-label={translateMessage('searchButton')}>
          <Icon icon="Search" />
        </Button>
      </form>
    </Box>
  );
};

export default GlobalSearch;
