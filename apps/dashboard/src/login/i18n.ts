import { registerMessages } from '../i18n/register.js'

// This folder's own messages, in a namespace of its own: the pattern every feature folder follows
// (see i18n/register.ts). Components of this folder call useTranslation(loginNs).
export const loginNs = registerMessages('login', {
  vi: {
    title: 'Đăng nhập',
    subtitle: 'Trung tâm điều hành thông minh',
    username: 'Tên đăng nhập',
    password: 'Mật khẩu',
    submit: 'Đăng nhập',
    submitting: 'Đang đăng nhập…',
    badCredentials: 'Sai tên đăng nhập hoặc mật khẩu.',
    throttled: 'Đăng nhập sai quá nhiều lần. Hãy thử lại sau {{seconds}} giây.',
    throttledNow: 'Bạn có thể thử đăng nhập lại.',
    unreachable: 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.',
    failed: 'Không đăng nhập được: {{message}}',
    required: 'Hãy nhập tên đăng nhập và mật khẩu.',
  },
  en: {
    title: 'Sign in',
    subtitle: 'Intelligent Operations Center',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    badCredentials: 'Wrong username or password.',
    throttled: 'Too many failed attempts. Try again in {{seconds}} s.',
    throttledNow: 'You may try to sign in again.',
    unreachable: 'Cannot reach the server. Check the network and try again.',
    failed: 'Could not sign in: {{message}}',
    required: 'Enter your username and password.',
  },
})
