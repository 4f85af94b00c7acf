/** A file offered for download, with the size its listing gives (what the download is checked against). */
export interface RemoteFile {
  /** The file's name, kept as the local name. */
  readonly name: string;
  readonly url: string;
  readonly bytes: number;
}
