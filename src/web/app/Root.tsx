import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { ConfigProvider, Spin } from 'antd';
import i18n from '../i18n/index.js';
import { useSession } from './session.js';
import { Shell } from './Shell.js';
import { FeedbackProvider } from './feedback.js';
import { theme } from './theme.js';
import { antdLocale } from './locale.js';
import type { Permission } from '../../shared/permissions.js';

// Every screen is its own chunk: the inbox loads only what it needs.
const LoginPage = lazy(() => import('../features/auth/LoginPage.js'));
const InboxPage = lazy(() => import('../features/inbox/InboxPage.js'));
const IntakePage = lazy(() => import('../features/intake/IntakePage.js'));
const ComplaintPage = lazy(() => import('../features/complaint/ComplaintPage.js'));
const ProfilePage = lazy(() => import('../features/profile/ProfilePage.js'));
const UsersPage = lazy(() => import('../features/admin/UsersPage.js'));
const DepartmentsPage = lazy(() => import('../features/admin/DepartmentsPage.js'));
const CategoriesPage = lazy(() => import('../features/admin/CategoriesPage.js'));
const TokensPage = lazy(() => import('../features/admin/TokensPage.js'));
const DashboardPage = lazy(() => import('../features/dashboard/DashboardPage.js'));
const AuditPage = lazy(() => import('../features/admin/AuditPage.js'));
const TemplatesPage = lazy(() => import('../features/admin/TemplatesPage.js'));
const ClustersPage = lazy(() => import('../features/clusters/ClustersPage.js'));
const ClusterPage = lazy(() => import('../features/clusters/ClustersPage.js').then((m) => ({ default: m.ClusterPage })));
const TriageAdminPage = lazy(() => import('../features/admin/TriageAdminPage.js'));
const SlaAdminPage = lazy(() => import('../features/admin/SlaAdminPage.js'));
const WebhooksPage = lazy(() => import('../features/admin/WebhooksPage.js'));
const JobsPage = lazy(() => import('../features/admin/JobsPage.js'));
const ImportsPage = lazy(() => import('../features/admin/ImportsPage.js'));
const CasesPage = lazy(() => import('../features/cases/CasesPage.js'));
const CasePage = lazy(() => import('../features/cases/CasePage.js'));
const OpinionAlertsPage = lazy(() => import('../features/opinion/AlertsPage.js'));
const PlansPage = lazy(() => import('../features/contingency/PlansPage.js'));
const PlanPage = lazy(() => import('../features/contingency/PlanPage.js'));
const ResourcesPage = lazy(() => import('../features/incidents/ResourcesPage.js'));
const OnCallPage = lazy(() => import('../features/incidents/OnCallPage.js'));
const IncidentsPage = lazy(() => import('../features/incidents/IncidentsPage.js'));
const IncidentPage = lazy(() => import('../features/incidents/IncidentPage.js'));
const NoticesPage = lazy(() => import('../features/incidents/NoticesPage.js'));
const NoticePage = lazy(() => import('../features/incidents/NoticesPage.js').then((m) => ({ default: m.NoticePage })));

export const Loading = () => (
  <div style={{ padding: 48, textAlign: 'center' }}>
    <Spin />
  </div>
);

function useLang() {
  const [lang, setLang] = useState(i18n.language);
  useEffect(() => {
    const h = (l: string) => setLang(l);
    i18n.on('languageChanged', h);
    return () => i18n.off('languageChanged', h);
  }, []);
  return lang;
}

function Guard({ perm, children }: { perm: Permission; children: ReactNode }) {
  const { can } = useSession();
  return can(perm) ? <>{children}</> : <Navigate to="/" replace />;
}

export function Root() {
  const lang = useLang();
  const { state, can } = useSession();
  const loc = useLocation();

  let body: ReactNode;
  if (state.phase === 'loading') body = <Loading />;
  else if (state.phase === 'anonymous') {
    body = (
      <Routes>
        <Route path="/login" element={<LoginPage reason={state.reason} />} />
        <Route path="/notices" element={<NoticesPage />} />
        <Route path="/notices/:id" element={<NoticePage />} />
        <Route path="*" element={<Navigate to={`/login${loc.pathname !== '/' && loc.pathname !== '/login' ? `?next=${encodeURIComponent(loc.pathname + loc.search)}` : ''}`} replace />} />
      </Routes>
    );
  } else {
    const home = can('complaint.read') ? '/inbox' : can('audit.read') ? '/admin/audit' : '/profile';
    body = (
      <Routes>
        <Route path="/notices" element={<NoticesPage />} />
        <Route path="/notices/:id" element={<NoticePage />} />
        <Route element={<Shell />}>
          <Route path="/inbox" element={<Guard perm="complaint.read"><InboxPage /></Guard>} />
          <Route path="/intake" element={<Guard perm="complaint.create"><IntakePage /></Guard>} />
          <Route path="/complaints/:id" element={<Guard perm="complaint.read"><ComplaintPage /></Guard>} />
          <Route path="/profile" element={<ProfilePage />} />
          <Route path="/dashboard" element={<Guard perm="stats.read"><DashboardPage /></Guard>} />
          <Route path="/admin/users" element={<Guard perm="user.manage"><UsersPage /></Guard>} />
          <Route path="/admin/departments" element={<Guard perm="department.manage"><DepartmentsPage /></Guard>} />
          <Route path="/admin/categories" element={<Guard perm="category.manage"><CategoriesPage /></Guard>} />
          <Route path="/admin/tokens" element={<Guard perm="token.manage"><TokensPage /></Guard>} />
          <Route path="/admin/audit" element={<Guard perm="audit.read"><AuditPage /></Guard>} />
          <Route path="/admin/templates" element={<Guard perm="template.manage"><TemplatesPage /></Guard>} />
          <Route path="/clusters" element={<Guard perm="complaint.read"><ClustersPage /></Guard>} />
          <Route path="/clusters/:id" element={<Guard perm="complaint.read"><ClusterPage /></Guard>} />
          <Route path="/cases" element={<Guard perm="case.read"><CasesPage /></Guard>} />
          <Route path="/cases/:id" element={<Guard perm="case.read"><CasePage /></Guard>} />
          <Route path="/opinion/alerts" element={<Guard perm="opinion.read"><OpinionAlertsPage /></Guard>} />
          <Route path="/admin/triage" element={<Guard perm="rules.manage"><TriageAdminPage /></Guard>} />
          <Route path="/admin/sla" element={<Guard perm="sla.manage"><SlaAdminPage /></Guard>} />
          <Route path="/admin/webhooks" element={<Guard perm="webhook.manage"><WebhooksPage /></Guard>} />
          <Route path="/admin/jobs" element={<Guard perm="jobs.manage"><JobsPage /></Guard>} />
          <Route path="/admin/imports" element={<Guard perm="complaint.import"><ImportsPage /></Guard>} />
          <Route path="/plans" element={<Guard perm="contingency.read"><PlansPage /></Guard>} />
          <Route path="/plans/:id" element={<Guard perm="contingency.read"><PlanPage /></Guard>} />
          <Route path="/resources" element={<Guard perm="contingency.read"><ResourcesPage /></Guard>} />
          <Route path="/oncall" element={<Guard perm="contingency.read"><OnCallPage /></Guard>} />
          <Route path="/incidents" element={<Guard perm="contingency.read"><IncidentsPage /></Guard>} />
          <Route path="/incidents/:id" element={<Guard perm="contingency.read"><IncidentPage /></Guard>} />
          <Route path="/login" element={<LoginRedirect home={home} />} />
          <Route path="*" element={<Navigate to={home} replace />} />
        </Route>
      </Routes>
    );
  }

  return (
    <ConfigProvider locale={antdLocale(lang)} theme={theme}>
      <FeedbackProvider>
        <Suspense fallback={<Loading />}>{body}</Suspense>
      </FeedbackProvider>
    </ConfigProvider>
  );
}

function LoginRedirect({ home }: { home: string }) {
  const loc = useLocation();
  const next = new URLSearchParams(loc.search).get('next');
  // Only same-app paths: never an open redirect.
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : home;
  return <Navigate to={target} replace />;
}
