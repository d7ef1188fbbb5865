import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Canvas, Text, View } from '@tarojs/components';
import type { CanvasTouchEvent } from '@tarojs/components';
import type { UploadedFile } from '@shared/contracts/files.contract';
import { CloudError } from '../services/cloud';
import { uploadPhoto, type PickedPhoto } from '../services/photos';
import './signature.scss';

/**
 * A signature drawn with a finger (or a mouse in the browser) and exported as a PNG, uploaded as a
 * private file (purpose 'signature': only the move-in checklist takes it, and only staff see it).
 * One way per platform, hidden here:
 * - H5: the <canvas> element Taro renders, drawn with pointer events, exported with toDataURL;
 * - weapp: the canvas by id (Taro.createCanvasContext), touch events (x / y on the canvas),
 *   exported with Taro.canvasToTempFilePath (then read as base64, or uploaded from its path in
 *   CloudBase mode by uploadPhoto).
 */

const HEIGHT = 180;
const LINE = 2.6;
let seq = 0;

interface Props {
  /** Names the pad in class names (`signature-pad--keys`), for tests and styles. */
  name: string;
  /** Shown above the pad: what the owner signs. */
  prompt: string;
  onUploaded: (file: UploadedFile) => void;
  disabled?: boolean;
}

type Point = { x: number; y: number };

/** H5: the real <canvas> inside Taro's canvas component. */
/** How long the H5 pad looks for its canvas: 200 × 50 ms. */
const ATTACH_TRIES = 200;
const ATTACH_RETRY_MS = 50;

function domCanvas(id: string): HTMLCanvasElement | null {
  const host = document.getElementById(id);
  if (!host) return null;
  return host instanceof HTMLCanvasElement ? host : host.querySelector('canvas');
}

export function SignaturePad({ name, prompt, onUploaded, disabled }: Props) {
  const [id] = useState(() => `signature-${name}-${++seq}`);
  const [drawn, setDrawn] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const last = useRef<Point | null>(null);
  const h5 = process.env.TARO_ENV === 'h5';

  // H5: size the canvas to its box (sharp on high-density screens) and draw with pointer events (mouse, pen, finger).
  useEffect(() => {
    if (!h5) return undefined;
    let canvas: HTMLCanvasElement | null = null;
    let cleanup = () => undefined as void;
    let timer: ReturnType<typeof setTimeout>;
    let tries = 0;
    const attach = () => {
      canvas = domCanvas(id);
      // Taro's <Canvas> renders its <canvas> a moment after the pad mounts (later still when the pad
      // replaces another one): look again until it is there and laid out, or the pad would stay dead.
      if (!canvas || !canvas.getBoundingClientRect().width) {
        if (++tries < ATTACH_TRIES) timer = setTimeout(attach, ATTACH_RETRY_MS);
        return;
      }
      const c = canvas;
      const ratio = window.devicePixelRatio || 1;
      const box = c.getBoundingClientRect();
      c.width = Math.round(box.width * ratio);
      c.height = Math.round(HEIGHT * ratio);
      c.style.touchAction = 'none';
      const ctx = c.getContext('2d');
      if (!ctx) return;
      ctx.scale(ratio, ratio);
      ctx.lineWidth = LINE;
      ctx.lineCap = 'round';
      ctx.lineJoin = 'round';
      ctx.strokeStyle = '#111';
      const at = (e: PointerEvent): Point => {
        const r = c.getBoundingClientRect();
        return { x: e.clientX - r.left, y: e.clientY - r.top };
      };
      const down = (e: PointerEvent) => {
        e.preventDefault();
        c.setPointerCapture?.(e.pointerId);
        last.current = at(e);
      };
      const move = (e: PointerEvent) => {
        if (!last.current) return;
        e.preventDefault();
        const p = at(e);
        ctx.beginPath();
        ctx.moveTo(last.current.x, last.current.y);
        ctx.lineTo(p.x, p.y);
        ctx.stroke();
        last.current = p;
        setDrawn(true);
      };
      const up = () => {
        last.current = null;
      };
      c.addEventListener('pointerdown', down);
      c.addEventListener('pointermove', move);
      c.addEventListener('pointerup', up);
      c.addEventListener('pointerleave', up);
      cleanup = () => {
        c.removeEventListener('pointerdown', down);
        c.removeEventListener('pointermove', move);
        c.removeEventListener('pointerup', up);
        c.removeEventListener('pointerleave', up);
      };
    };
    timer = setTimeout(attach, 0);
    return () => {
      clearTimeout(timer);
      cleanup();
    };
  }, [id, h5]);

  // weapp: the canvas context by id; each stroke segment is drawn on top of what is there.
  const wx = useRef<Taro.CanvasContext | null>(null);
  const wxContext = () => {
    if (!wx.current) {
      const ctx = Taro.createCanvasContext(id);
      ctx.setStrokeStyle('#111');
      ctx.setLineWidth(LINE);
      ctx.setLineCap('round');
      ctx.setLineJoin('round');
      wx.current = ctx;
    }
    return wx.current;
  };
  const touchAt = (e: CanvasTouchEvent): Point | null => {
    const t = (e.touches?.[0] ?? e.changedTouches?.[0]) as { x?: number; y?: number } | undefined;
    return t && typeof t.x === 'number' && typeof t.y === 'number' ? { x: t.x, y: t.y } : null;
  };
  const touchStart = (e: CanvasTouchEvent) => {
    if (h5) return;
    last.current = touchAt(e);
  };
  const touchMove = (e: CanvasTouchEvent) => {
    if (h5 || !last.current) return;
    const p = touchAt(e);
    if (!p) return;
    const ctx = wxContext();
    ctx.moveTo(last.current.x, last.current.y);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
    ctx.draw(true);
    last.current = p;
    setDrawn(true);
  };
  const touchEnd = () => {
    if (!h5) last.current = null;
  };

  const clear = () => {
    setDrawn(false);
    setError('');
    if (h5) {
      const c = domCanvas(id);
      const ctx = c?.getContext('2d');
      if (c && ctx) ctx.clearRect(0, 0, c.width, c.height);
      return;
    }
    const ctx = wxContext();
    ctx.clearRect(0, 0, 2000, 2000);
    ctx.draw();
  };

  /** The drawing as a PNG the upload takes (base64 for the gateway; a file path in CloudBase mode). */
  const exportPng = async (): Promise<PickedPhoto> => {
    if (h5) {
      const c = domCanvas(id);
      if (!c) throw new CloudError('INTERNAL', '签名板未就绪，请重试', 0);
      const url = c.toDataURL('image/png');
      const contentBase64 = url.slice(url.indexOf(',') + 1);
      return { name: 'signature.png', mime: 'image/png', size: Math.floor((contentBase64.length * 3) / 4), contentBase64 };
    }
    const { tempFilePath } = await Taro.canvasToTempFilePath({ canvasId: id, fileType: 'png' });
    const contentBase64 = await new Promise<string>((resolve, reject) => {
      Taro.getFileSystemManager().readFile({ filePath: tempFilePath, encoding: 'base64', success: (r) => resolve(String(r.data)), fail: () => reject(new CloudError('INTERNAL', '签名读取失败，请重试', 0)) });
    });
    return { name: 'signature.png', mime: 'image/png', size: Math.floor((contentBase64.length * 3) / 4), contentBase64, filePath: tempFilePath };
  };

  const confirm = async () => {
    if (!drawn) return setError('请业主在框内签名');
    setBusy(true);
    setError('');
    try {
      onUploaded(await uploadPhoto(await exportPng(), 'signature'));
    } catch (e) {
      setError(e instanceof Error ? e.message : '签名上传失败，请重试');
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className={`signature-pad signature-pad--${name}`}>
      <Text className="signature-pad__prompt">{prompt}</Text>
      <View className="signature-pad__box">
        <Canvas
          id={id}
          canvasId={id}
          className="signature-pad__canvas"
          style={{ width: '100%', height: `${HEIGHT}px` }}
          disableScroll
          onTouchStart={touchStart}
          onTouchMove={touchMove}
          onTouchEnd={touchEnd}
        />
        {!drawn ? <Text className="signature-pad__hint">请业主在此处签名</Text> : null}
      </View>
      {error ? <Text className="field__error signature-pad__error">{error}</Text> : null}
      <View className="signature-pad__buttons">
        <Button className="btn btn--ghost signature-pad__clear" size="mini" onClick={clear} disabled={busy || undefined}>
          重写
        </Button>
        <Button className="btn btn--primary signature-pad__confirm" size="mini" loading={busy} disabled={busy || disabled || undefined} onClick={confirm}>
          确认签名
        </Button>
      </View>
    </View>
  );
}
