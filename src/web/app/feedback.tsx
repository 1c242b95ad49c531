import { createContext, useContext, type ReactNode } from 'react';
import { message as antMessage } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface.js';

// Toast messages bound to the ConfigProvider (theme, locale). Lighter than antd's <App>, which also
// pulls in notification and the static modal API that the app does not use.
const Ctx = createContext<{ message: MessageInstance } | null>(null);

export function FeedbackProvider({ children }: { children: ReactNode }) {
  const [message, holder] = antMessage.useMessage({ maxCount: 3 });
  return (
    <Ctx.Provider value={{ message }}>
      {holder}
      {children}
    </Ctx.Provider>
  );
}

export function useFeedback(): { message: MessageInstance } {
  const v = useContext(Ctx);
  if (!v) throw new Error('useFeedback outside FeedbackProvider');
  return v;
}
