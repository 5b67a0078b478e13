// The stand-in's CLB and TCR actions: what the providers call, with the real error codes for what
// is missing or protected.
import { ApiFault, byFilter, type Handler, must, type Obj, poll } from "./state";

export const clb: Record<string, Handler> = {
    CreateLoadBalancer: (p, s) => {
        const existing = [...s.clbs.values()].find((l) => l.ClientToken !== undefined && l.ClientToken === p.ClientToken);
        if (existing) return { LoadBalancerIds: [existing.id] };
        const id = s.newId("lb").slice(0, 11);
        s.clbs.set(id, { id, pending: s.settle.clb, ...p, LoadBalancerVips: [`119.28.0.${s.clbs.size + 1}`], DeleteProtect: false });
        return { LoadBalancerIds: [id], DealName: `deal-${id}` };
    },
    DescribeLoadBalancers: (p, s) => {
        const list = [...s.clbs.keys()]
            .filter((id) => (p.LoadBalancerIds ? p.LoadBalancerIds.includes(id) : true))
            .map((id) => poll(s.clbs, id))
            .filter((l): l is Obj => l !== undefined && (p.LoadBalancerName ? l.LoadBalancerName === p.LoadBalancerName : true));
        return {
            TotalCount: list.length,
            LoadBalancerSet: list.map((l) => ({
                LoadBalancerId: l.id,
                LoadBalancerName: l.LoadBalancerName,
                LoadBalancerVips: l.LoadBalancerVips,
                Status: l.pending > 0 ? 0 : 1,
                Tags: l.Tags,
            })),
        };
    },
    ModifyLoadBalancerAttributes: (p, s) => {
        const l = must(s.clbs, p.LoadBalancerId, "ResourceNotFound", "CLB");
        if (p.LoadBalancerName !== undefined) l.LoadBalancerName = p.LoadBalancerName;
        if (p.DeleteProtect !== undefined) l.DeleteProtect = p.DeleteProtect;
        return {};
    },
    DeleteLoadBalancer: (p, s) => {
        for (const id of p.LoadBalancerIds) {
            if (must(s.clbs, id, "ResourceNotFound", "CLB").DeleteProtect) throw new ApiFault("OperationDenied", `The CLB ${id} has deletion protection on.`);
            s.clbs.delete(id);
        }
        return {};
    },
};

export const tcr: Record<string, Handler> = {
    CreateInstance: (p, s) => {
        const id = s.newId("tcr");
        s.registries.set(id, {
            id,
            pending: s.settle.tcr,
            RegistryName: p.RegistryName,
            RegistryType: p.RegistryType,
            TagSpecification: p.TagSpecification,
            DeletionProtection: p.DeletionProtection,
        });
        return { RegistryId: id };
    },
    DescribeInstances: (p, s) => {
        const names = byFilter(p.Filters, "RegistryName");
        const list = [...s.registries.keys()]
            .filter((id) => (p.Registryids ? p.Registryids.includes(id) : true))
            .map((id) => poll(s.registries, id))
            .filter((r): r is Obj => r !== undefined && (names ? names.includes(r.RegistryName) : true));
        return {
            TotalCount: list.length,
            Registries: list.map(({ id, pending, ...r }) => ({
                ...r,
                RegistryId: id,
                Status: pending > 0 ? "Pending" : "Running",
                PublicDomain: `${r.RegistryName}.tencentcloudcr.com`,
            })),
        };
    },
    ModifyInstance: (p, s) => {
        const r = must(s.registries, p.RegistryId, "ResourceNotFound", "instance");
        if (p.RegistryType !== undefined) r.RegistryType = p.RegistryType;
        if (p.DeletionProtection !== undefined) r.DeletionProtection = p.DeletionProtection;
        return {};
    },
    DeleteInstance: (p, s) => {
        if (must(s.registries, p.RegistryId, "ResourceNotFound", "instance").DeletionProtection)
            throw new ApiFault("OperationDenied", "The instance has deletion protection on.");
        s.registries.delete(p.RegistryId);
        return {};
    },
    CreateNamespace: (p, s) => {
        must(s.registries, p.RegistryId, "ResourceNotFound", "instance");
        const key = `${p.RegistryId}/${p.NamespaceName}`;
        if (s.namespaces.has(key)) throw new ApiFault("ResourceInUse", `The namespace ${p.NamespaceName} already exists.`);
        s.namespaces.set(key, { id: key, pending: 0, Name: p.NamespaceName, RegistryId: p.RegistryId });
        return {};
    },
    DescribeNamespaces: (p, s) => {
        const list = [...s.namespaces.values()].filter((n) => n.RegistryId === p.RegistryId && (p.NamespaceName ? n.Name === p.NamespaceName : true));
        return { NamespaceList: list.map((n) => ({ Name: n.Name })), TotalCount: list.length };
    },
    DeleteNamespace: (p, s) => {
        s.namespaces.delete(`${p.RegistryId}/${p.NamespaceName}`);
        return {};
    },
    CreateRepository: (p, s) => {
        const key = `${p.RegistryId}/${p.NamespaceName}/${p.RepositoryName}`;
        must(s.namespaces, `${p.RegistryId}/${p.NamespaceName}`, "ResourceNotFound", "namespace");
        s.repositories.set(key, {
            id: key,
            pending: 0,
            RegistryId: p.RegistryId,
            Namespace: p.NamespaceName,
            Name: `${p.NamespaceName}/${p.RepositoryName}`,
            BriefDescription: p.BriefDescription,
        });
        return {};
    },
    DescribeRepositories: (p, s) => {
        const list = [...s.repositories.values()].filter(
            (r) =>
                r.RegistryId === p.RegistryId &&
                r.Namespace === p.NamespaceName &&
                (p.RepositoryName ? r.Name === `${p.NamespaceName}/${p.RepositoryName}` : true),
        );
        return { RepositoryList: list.map((r) => ({ Name: r.Name, Namespace: r.Namespace, BriefDescription: r.BriefDescription })), TotalCount: list.length };
    },
    ModifyRepository: (p, s) => {
        must(s.repositories, `${p.RegistryId}/${p.NamespaceName}/${p.RepositoryName}`, "ResourceNotFound", "repository").BriefDescription = p.BriefDescription;
        return {};
    },
    DeleteRepository: (p, s) => {
        s.repositories.delete(`${p.RegistryId}/${p.NamespaceName}/${p.RepositoryName}`);
        return {};
    },
    CreateInstanceToken: (p, s) => {
        must(s.registries, p.RegistryId, "ResourceNotFound", "instance");
        const id = s.newId("tk");
        s.tokens.set(id, { id, pending: 0, RegistryId: p.RegistryId, Desc: p.Desc, Token: `secret-${id}` });
        return { TokenId: id, Username: "100012345678", Token: `secret-${id}`, ExpTime: 0 };
    },
    DescribeInstanceToken: (p, s) => {
        const list = [...s.tokens.values()].filter((t) => t.RegistryId === p.RegistryId);
        return {
            TotalCount: list.length,
            Tokens: list.map((t) => ({ Id: t.id, Desc: t.Desc, RegistryId: t.RegistryId, Enabled: true, CreatedAt: "", ExpiredAt: 0 })),
        };
    },
    DeleteInstanceToken: (p, s) => {
        must(s.tokens, p.TokenId, "ResourceNotFound", "token");
        s.tokens.delete(p.TokenId);
        return {};
    },
};
