import { NavBar } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import type { ReactNode } from 'react';

/** Top bar of a secondary page; "back" goes back in history, or home when opened directly. */
export function PageHeader({ title, right }: { title: string; right?: ReactNode }) {
  const navigate = useNavigate();
  const goBack = () => {
    const state: unknown = window.history.state;
    const idx = typeof state === 'object' && state !== null && 'idx' in state ? Number(state.idx) : 0;
    if (idx > 0) navigate(-1);
    else navigate('/', { replace: true });
  };
  return (
    <NavBar className="page-header" onBack={goBack} right={right}>
      {title}
    </NavBar>
  );
}
