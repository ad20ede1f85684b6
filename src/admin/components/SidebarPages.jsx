import React from 'react';
import { useCurrentAdmin } from 'adminjs';

/**
 * Who sees each of the panel's own pages in the sidebar: PAGE_ROLES of src/staff/roles.ts, which
 * the server enforces (403 on /admin/pages/<name> and on the page's data for anyone else).
 */
const PAGE_ROLES = { waitingRoom: ['supervisor', 'administrator'] };

/** AdminJS's list of pages, with only those the staff member's role may open. */
const SidebarPages = (props) => {
  const { OriginalComponent, pages } = props;
  const [admin] = useCurrentAdmin();
  const role = admin && admin.role;
  const allowed = (pages || []).filter((page) => (PAGE_ROLES[page.name] || []).includes(role));
  return <OriginalComponent {...props} pages={allowed} />;
};

export default SidebarPages;
