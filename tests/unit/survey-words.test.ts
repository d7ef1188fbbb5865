import { countWords, topWords, wordList, type WordCounts } from '@shared/domain/survey-words';

describe('the word list of free-text answers', () => {
  it('When several answers mention the same phrase, then it is listed with the number of answers, the longest form kept', () => {
    const words = wordList(['希望增加停车位', '停车位太少了，晚上没地方停', '停车位不够，电梯也经常坏', '电梯经常坏']);
    expect(words[0]).toEqual({ word: '停车位', count: 3 });
    // 停车 and 车位 sit inside 停车位 with the same count: not listed again.
    expect(words.map((w) => w.word)).not.toContain('停车');
    expect(words.map((w) => w.word)).not.toContain('车位');
    expect(words).toContainEqual({ word: '经常坏', count: 2 });
    expect(words).toContainEqual({ word: '电梯', count: 2 });
  });

  it('When answers repeat one sentence, then the sentence is listed, not the pieces that always stand next to the same character', () => {
    const words = wordList(['消防通道经常被占用，很危险', '消防通道经常被占用', '外来车辆太多', '外来车辆进出要登记']);
    expect(words).toEqual([
      { word: '消防通道经常被占用', count: 2 },
      { word: '外来车辆', count: 2 },
    ]);
  });

  it('When a word appears twice in one answer, then it counts once', () => {
    expect(wordList(['绿化绿化绿化', '绿化不错'])).toEqual([{ word: '绿化', count: 2 }]);
  });

  it('When phrases begin or end with a function word, or are words every answer has, then they are not listed', () => {
    const words = wordList(['物业的服务很好', '物业的服务很好', '希望物业改进']).map((w) => w.word);
    for (const w of words) expect(w).not.toMatch(/^(的|很)|(的|很)$/);
    expect(words).not.toContain('物业');
    expect(words).not.toContain('希望');
  });

  it('When only one answer says something, then it is not a trend (min count 2), unless asked for', () => {
    expect(wordList(['保洁阿姨很负责'])).toEqual([]);
    expect(wordList(['保洁阿姨很负责'], { minCount: 1 }).map((w) => w.word)).toContain('保洁阿姨很负责');
  });

  it('When answers hold Latin words and numbers, then Latin words count case-blind and full-width letters are folded', () => {
    expect(wordList(['WiFi 信号差', 'wifi 太慢', 'ＷｉＦｉ 不稳定'])).toContainEqual({ word: 'wifi', count: 3 });
  });

  it('When counts are built answer by answer (streaming), then the list is the same as from all texts at once, and the limit holds', () => {
    const texts = Array.from({ length: 60 }, (_, i) => ['维修师傅上门及时', '楼道保洁干净', '地下车库灯不亮', '外来车辆管理要加强', '绿化修剪及时'][i % 5] as string);
    const counts: WordCounts = new Map();
    for (const t of texts) countWords(counts, t);
    expect(topWords(counts, { limit: 5 })).toEqual(wordList(texts, { limit: 5 }));
    expect(wordList(texts, { limit: 3 })).toEqual([
      { word: '外来车辆管理要加强', count: 12 },
      { word: '维修师傅上门及时', count: 12 },
      { word: '楼道保洁干净', count: 12 },
    ]);
  });
});
