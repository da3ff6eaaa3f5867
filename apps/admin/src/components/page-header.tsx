import type { ReactNode } from 'react';
import { Typography } from 'antd';

export function PageHeader({ title, subTitle, extra }: { title: ReactNode; subTitle?: ReactNode; extra?: ReactNode }) {
  return (
    <div className="gh-page-header">
      <div className="gh-page-header-text">
        <Typography.Title level={3} className="gh-page-title">
          {title}
        </Typography.Title>
        {subTitle ? <Typography.Text type="secondary">{subTitle}</Typography.Text> : null}
      </div>
      {extra ? <div className="gh-page-header-extra">{extra}</div> : null}
    </div>
  );
}
