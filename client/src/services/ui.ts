import Taro from '@tarojs/taro';

/** Ask before something that cannot be undone (解除绑定, 移除住户…). Resolves true on 确定. */
export async function confirm(options: { title: string; content: string; confirmText?: string; danger?: boolean }): Promise<boolean> {
  try {
    const res = await Taro.showModal({
      title: options.title,
      content: options.content,
      confirmText: options.confirmText ?? '确定',
      cancelText: '取消',
      ...(options.danger ? { confirmColor: '#d93025' } : {}),
    });
    return !!res.confirm;
  } catch {
    return false;
  }
}

/** A short note that something worked (保存成功). */
export function toast(title: string): void {
  Taro.showToast({ title, icon: 'none', duration: 1800 }).catch(() => undefined);
}

/** Dial a number (the phone's dialer; in the browser a tel: link). */
export function dial(phone: string): void {
  Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined);
}
