import React, { useEffect } from 'react';
import { Box, CurrentUserNav } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

/** Saves the language chosen in the top bar's menu on the staff member's account (their row). */
function saveLanguage(language) {
  if (language !== 'fr' && language !== 'en') return;
  document.documentElement.lang = language;
  fetch('/admin/mon-compte/langue', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `locale=${language}`,
  }).catch(() => undefined);
}

/**
 * The staff member in the top bar: their name and role, a link to their account (language,
 * two-step verification) and the logout. A language picked in the top bar's menu is kept on
 * their account, so the panel and the sign-in pages open in it next time.
 */
const StaffMenu = (props) => {
  const { session, paths } = props;
  const { i18n, translateButton, translateComponent } = useTranslation();
  useEffect(() => {
    i18n.on('languageChanged', saveLanguage);
    return () => i18n.off('languageChanged', saveLanguage);
  }, [i18n]);
  const go = (href) => (event) => {
    event.preventDefault();
    window.location.href = href;
  };
  // Logging out is a POST of the panel's own page (GET /admin/logout only shows a button).
  const logout = (event) => {
    event.preventDefault();
    const form = document.createElement('form');
    form.method = 'post';
    form.action = paths.logoutPath;
    document.body.appendChild(form);
    form.submit();
  };
  const dropActions = [
    { label: translateComponent('StaffMenu.account'), onClick: go('/admin/mon-compte'), icon: 'User' },
    { label: translateButton('logout'), onClick: logout, icon: 'LogOut' },
  ];
  const role = session.role ? translateComponent(`StaffMenu.roles.${session.role}`) : session.email;
  return (
    <Box flexShrink={0} data-css="logged-in">
      <CurrentUserNav name={session.title || session.email} title={role} avatarUrl={session.avatarUrl} dropActions={dropActions} />
    </Box>
  );
};

export default StaffMenu;
