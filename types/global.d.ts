/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.scss';
declare module '*.css';

/** Build-time constants from config/index.ts (`defineConstants`). */
declare const API_BASE: string;
declare const API_TRANSPORT: 'gateway' | 'cloud';
declare const CLOUD_ENV: string;

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV?: 'weapp' | 'h5' | 'swan' | 'alipay' | 'tt' | 'qq' | 'jd' | 'rn' | 'harmony';
    TARO_APP_ID?: string;
    TARO_APP_API_BASE?: string;
    TARO_APP_TRANSPORT?: string;
    TARO_APP_CLOUD_ENV?: string;
  }
}
