/**
 * Lazily loaded organization tree of the admin's scope, shared by the organization page and the
 * organization pickers: the root comes from `children` without a parent, each level on demand.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { OrgNode } from '@gonghui/contracts';
import { ApiError, api, isAbortError } from '../api-client';

export interface OrgTreeState {
  /** The scope root(s); null until loaded. */
  roots: OrgNode[] | null;
  /** Loaded children by parent id; a parent is "loaded" once it has an entry. */
  children: ReadonlyMap<string, OrgNode[]>;
  rootError: ApiError | null;
  /** Load (once) and return the children of `parentId`. Concurrent calls share one request. */
  loadChildren: (parentId: string) => Promise<OrgNode[]>;
  /** Every organization seen so far, by id. */
  known: (id: string) => OrgNode | undefined;
  /**
   * Fetch the children of `parentId` again after a change (null: the scope roots). Parents not
   * loaded yet are left alone; they load when opened.
   */
  refreshChildren: (parentId: string | null) => Promise<void>;
  reload: () => void;
}

export function useOrgTree(enabled = true): OrgTreeState {
  const [roots, setRoots] = useState<OrgNode[] | null>(null);
  const [children, setChildren] = useState<ReadonlyMap<string, OrgNode[]>>(() => new Map());
  const [rootError, setRootError] = useState<ApiError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const childrenRef = useRef(children);
  childrenRef.current = children;
  const inflight = useRef(new Map<string, Promise<OrgNode[]>>());
  const knownRef = useRef(new Map<string, OrgNode>());

  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    setRootError(null);
    api
      .orgChildren(undefined, controller.signal)
      .then(({ items }) => {
        for (const org of items) knownRef.current.set(org.id, org);
        setRoots(items);
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted || isAbortError(error)) return;
        setRootError(error instanceof ApiError ? error : new ApiError(0, 'HTTP_ERROR', String(error)));
      });
    return () => controller.abort();
  }, [attempt, enabled]);

  const loadChildren = useCallback(async (parentId: string): Promise<OrgNode[]> => {
    const loaded = childrenRef.current.get(parentId);
    if (loaded) return loaded;
    const pending = inflight.current.get(parentId);
    if (pending) return pending;
    const promise = api
      .orgChildren(parentId)
      .then(({ items }) => {
        for (const org of items) knownRef.current.set(org.id, org);
        setChildren((previous) => {
          const next = new Map(previous);
          next.set(parentId, items);
          childrenRef.current = next;
          return next;
        });
        return items;
      })
      .finally(() => {
        inflight.current.delete(parentId);
      });
    inflight.current.set(parentId, promise);
    return promise;
  }, []);

  const known = useCallback((id: string) => knownRef.current.get(id), []);

  const refreshChildren = useCallback(async (parentId: string | null): Promise<void> => {
    if (parentId === null) {
      const { items } = await api.orgChildren(undefined);
      for (const org of items) knownRef.current.set(org.id, org);
      setRoots(items);
      return;
    }
    if (!childrenRef.current.has(parentId)) return;
    const { items } = await api.orgChildren(parentId);
    for (const org of items) knownRef.current.set(org.id, org);
    setChildren((previous) => {
      const next = new Map(previous);
      next.set(parentId, items);
      childrenRef.current = next;
      return next;
    });
  }, []);

  const reload = useCallback(() => {
    setRoots(null);
    setChildren(new Map());
    childrenRef.current = new Map();
    setAttempt((n) => n + 1);
  }, []);

  return { roots, children, rootError, loadChildren, known, refreshChildren, reload };
}

/** Turn the loaded part of the tree into nested nodes of any shape. */
export function buildOrgTree<T>(
  roots: readonly OrgNode[],
  children: ReadonlyMap<string, OrgNode[]>,
  make: (org: OrgNode, kids: T[] | undefined) => T,
): T[] {
  const visit = (org: OrgNode): T => {
    const kids = children.get(org.id);
    return make(org, kids?.map(visit));
  };
  return roots.map(visit);
}
