import { App as AntApp, ConfigProvider } from 'antd';
import type { Locale } from 'antd/es/locale/index.js';
import zhCNModule from 'antd/locale/zh_CN.js';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import './layout.css';

dayjs.locale('zh-cn');

// antd's locale files are CommonJS: TypeScript (NodeNext) sees the module, Vite gives the default.
const zhCN = ('default' in zhCNModule ? zhCNModule.default : zhCNModule) as Locale;

createRoot(document.getElementById('root')!).render(
  <ConfigProvider
    locale={zhCN}
    button={{ autoInsertSpace: false }}
    theme={{
      // Text colours dark enough for WCAG AA contrast (4.5:1) on white: antd's defaults for links
      // (#1677ff), secondary text (45 % black), errors (#ff4d4f) and warnings fall short (axe-core).
      token: {
        colorPrimary: '#1f4e79',
        colorLink: '#1f4e79',
        colorInfo: '#1f4e79',
        colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
        colorTextDescription: 'rgba(0, 0, 0, 0.65)',
        colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
        colorError: '#cf1322',
        colorWarning: '#ad4e00',
        colorSuccess: '#237804',
      },
    }}
  >
    <AntApp>
      <App />
    </AntApp>
  </ConfigProvider>,
);
