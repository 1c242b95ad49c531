import { Suspense, useMemo, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { Button, Dropdown, Layout, Menu, Select, Space, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { AlertOutlined, AuditOutlined, BookOutlined, ScheduleOutlined, ToolOutlined, ApartmentOutlined, BarChartOutlined, FileTextOutlined, ClusterOutlined, ControlOutlined, FieldTimeOutlined, InboxOutlined, KeyOutlined, LogoutOutlined, MenuFoldOutlined, MenuUnfoldOutlined, PhoneOutlined, ApiOutlined, TagsOutlined, TeamOutlined, ThunderboltOutlined, ImportOutlined, ReadOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSession } from './session.js';
import { LOCALES } from '../i18n/index.js';
import type { Locale } from '../api/types.js';
import { Spin } from 'antd';
import { LiveProvider } from './live.js';
import { NotificationBell } from './Notifications.js';

const { Header, Sider, Content } = Layout;

export function Shell() {
  const { t, i18n } = useTranslation();
  const { me, can, logout, setLocale } = useSession();
  const loc = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);

  const items = useMemo(() => {
    const list: NonNullable<MenuProps['items']> = [];
    if (can('complaint.read')) list.push({ key: '/inbox', icon: <InboxOutlined />, label: <Link to="/inbox">{t('nav.inbox')}</Link> });
    if (can('complaint.create')) list.push({ key: '/intake', icon: <PhoneOutlined />, label: <Link to="/intake">{t('nav.intake')}</Link> });
    if (can('complaint.read')) list.push({ key: '/clusters', icon: <ClusterOutlined />, label: <Link to="/clusters">{t('nav.clusters')}</Link> });
    if (can('contingency.read')) {
      list.push({ key: '/incidents', icon: <AlertOutlined />, label: <Link to="/incidents">{t('ctNav.incidents')}</Link> });
      list.push({ key: '/plans', icon: <BookOutlined />, label: <Link to="/plans">{t('ctNav.plans')}</Link> });
      list.push({ key: '/resources', icon: <ToolOutlined />, label: <Link to="/resources">{t('ctNav.resources')}</Link> });
      list.push({ key: '/oncall', icon: <ScheduleOutlined />, label: <Link to="/oncall">{t('ctNav.oncall')}</Link> });
    }
    if (can('case.read')) list.push({ key: '/cases', icon: <ReadOutlined />, label: <Link to="/cases">{t('cases.nav')}</Link> });
    if (can('opinion.read')) list.push({ key: '/opinion/alerts', icon: <AlertOutlined />, label: <Link to="/opinion/alerts">{t('opinionAlerts.nav')}</Link> });
    if (can('stats.read')) list.push({ key: '/dashboard', icon: <BarChartOutlined />, label: <Link to="/dashboard">{t('nav.dashboard')}</Link> });
    const admin: NonNullable<MenuProps['items']> = [];
    if (can('user.manage')) admin.push({ key: '/admin/users', icon: <TeamOutlined />, label: <Link to="/admin/users">{t('nav.users')}</Link> });
    if (can('department.manage')) admin.push({ key: '/admin/departments', icon: <ApartmentOutlined />, label: <Link to="/admin/departments">{t('nav.departments')}</Link> });
    if (can('category.manage')) admin.push({ key: '/admin/categories', icon: <TagsOutlined />, label: <Link to="/admin/categories">{t('nav.categories')}</Link> });
    if (can('template.manage')) admin.push({ key: '/admin/templates', icon: <FileTextOutlined />, label: <Link to="/admin/templates">{t('nav.templates')}</Link> });
    if (can('rules.manage')) admin.push({ key: '/admin/triage', icon: <ControlOutlined />, label: <Link to="/admin/triage">{t('nav.triageAdmin')}</Link> });
    if (can('sla.manage')) admin.push({ key: '/admin/sla', icon: <FieldTimeOutlined />, label: <Link to="/admin/sla">{t('nav.sla')}</Link> });
    if (can('webhook.manage')) admin.push({ key: '/admin/webhooks', icon: <ApiOutlined />, label: <Link to="/admin/webhooks">{t('nav.webhooks')}</Link> });
    if (can('jobs.manage')) admin.push({ key: '/admin/jobs', icon: <ThunderboltOutlined />, label: <Link to="/admin/jobs">{t('nav.jobs')}</Link> });
    if (can('complaint.import')) admin.push({ key: '/admin/imports', icon: <ImportOutlined />, label: <Link to="/admin/imports">{t('imports.nav')}</Link> });
    if (can('token.manage')) admin.push({ key: '/admin/tokens', icon: <KeyOutlined />, label: <Link to="/admin/tokens">{t('nav.tokens')}</Link> });
    if (can('audit.read')) admin.push({ key: '/admin/audit', icon: <AuditOutlined />, label: <Link to="/admin/audit">{t('nav.audit')}</Link> });
    if (admin.length) list.push({ type: 'group', key: 'admin', label: collapsed ? null : t('nav.admin'), children: admin });
    return list;
  }, [can, t, collapsed]);

  const selected = '/' + loc.pathname.split('/').filter(Boolean).slice(0, loc.pathname.startsWith('/admin') ? 2 : 1).join('/');
  const selectedKey = selected === '/complaints' ? '/inbox' : selected;

  if (!me) return null;
  return (
    <LiveProvider>
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main">{t('app.skip')}</a>
      <Sider width={200} collapsedWidth={64} collapsed={collapsed} theme="dark" breakpoint="lg" onBreakpoint={(b) => setCollapsed(b)} trigger={null}>
        <div style={{ height: 56, display: 'flex', alignItems: 'center', justifyContent: 'center', color: '#fff', fontWeight: 700, fontSize: collapsed ? 14 : 18, letterSpacing: 1 }}>
          {collapsed ? 'R' : t('app.short')}
        </div>
        <nav aria-label={t('nav.menu')}>
          <Menu theme="dark" mode="inline" selectedKeys={[selectedKey]} items={items} />
        </nav>
      </Sider>
      <Layout>
        <Header style={{ background: '#fff', padding: '0 16px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', height: 56, borderBottom: '1px solid #f0f0f0' }}>
          <Space>
            <Button type="text" aria-label={collapsed ? t('nav.expand') : t('nav.collapse')} icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />} onClick={() => setCollapsed(!collapsed)} />
            <Typography.Text strong>{t('app.name')}</Typography.Text>
          </Space>
          <Space size="middle">
            <NotificationBell />
            <Select<Locale>
              aria-label={t('nav.language')}
              data-testid="language-switcher"
              size="small"
              style={{ width: 110 }}
              value={i18n.language as Locale}
              options={LOCALES}
              onChange={(v) => void setLocale(v)}
            />
            <Dropdown
              menu={{
                items: [
                  { key: 'profile', icon: <UserOutlined />, label: t('nav.profile'), onClick: () => navigate('/profile') },
                  { type: 'divider' },
                  { key: 'logout', icon: <LogoutOutlined />, label: t('nav.logout'), onClick: () => void logout() },
                ],
              }}
            >
              <Button type="text" icon={<UserOutlined />} data-testid="user-menu">
                {me.user.name}
              </Button>
            </Dropdown>
          </Space>
        </Header>
        <Content id="main" tabIndex={-1} style={{ padding: 16, overflow: 'auto' }}>
          <Suspense fallback={<div style={{ padding: 48, textAlign: 'center' }}><Spin /></div>}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
    </LiveProvider>
  );
}
