/**
 * Stored files, as both sides see them.
 *
 * CloudBase mode: the folder of cloud storage a person uploads into with `Taro.cloud.uploadFile`
 * (`cloudPath` = this + a name of the client's choosing). `files.register` accepts only files in the
 * caller's own folder of their active community (cloud/modules/files/file.service.ts).
 */
export const uploadFolder = (communityId: string, userId: string): string => `uploads/${communityId}/${userId}/`;
