import { App as AntApp, ConfigProvider } from 'antd';
import type { Locale } from 'antd/es/locale/index.js';
import zhCNModule from 'antd/locale/zh_CN.js';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';

dayjs.locale('zh-cn');

// antd's locale files are CommonJS: TypeScript (NodeNext) sees the module, Vite gives the default.
const zhCN = ('default' in zhCNModule ? zhCNModule.default : zhCNModule) as Locale;

createRoot(document.getElementById('root')!).render(
  <ConfigProvider
    locale={zhCN}
    button={{ autoInsertSpace: false }}
    theme={{ token: { colorPrimary: '#1f4e79' } }}
  >
    <AntApp>
      <App />
    </AntApp>
  </ConfigProvider>,
);
