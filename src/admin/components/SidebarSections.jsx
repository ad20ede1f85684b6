import React from 'react';

/**
 * AdminJS starts every group of the sidebar closed (and remembers the staff member's choice in
 * localStorage): the group of the day's queues (requests, households, persons) starts open.
 */
const SidebarSections = (props) => {
  const { OriginalComponent } = props;
  try {
    if (window.localStorage.getItem('sidebarElements') === null) window.localStorage.setItem('sidebarElements', JSON.stringify({ Dossiers: true }));
  } catch {
    // Storage refused (private browsing): AdminJS's own default.
  }
  return <OriginalComponent {...props} />;
};

export default SidebarSections;
