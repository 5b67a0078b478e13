// A directory laid out the way kubelet mounts a ConfigMap: routing.json → ..data/routing.json,
// ..data → ..<version>/; an update writes a new version directory and atomically repoints ..data.
import { mkdir, rename, symlink, writeFile } from "node:fs/promises";
import path from "node:path";

export class KubeletDir {
    private n = 0;

    constructor(
        readonly dir: string,
        readonly name = "routing.json",
    ) {}

    get file(): string {
        return path.join(this.dir, this.name);
    }

    async init(content: string): Promise<void> {
        await this.swap(content);
        await symlink(path.join("..data", this.name), this.file);
    }

    async swap(content: string): Promise<void> {
        const version = `..2026_11_22_${++this.n}`;
        await mkdir(path.join(this.dir, version));
        await writeFile(path.join(this.dir, version, this.name), content);
        await symlink(version, path.join(this.dir, "..data_tmp"));
        await rename(path.join(this.dir, "..data_tmp"), path.join(this.dir, "..data"));
    }
}
