import { useQuery, useQueryClient } from "@tanstack/react-query";
import { call } from "../ipc/commands";
import type { ImportRequest } from "../ipc/bindings/ImportRequest";
import type { InspectRequest } from "../ipc/bindings/InspectRequest";
import { queryKeys } from "../state/queryKeys";
import { useEngineMutation } from "./useEngineMutation";

/** Reads a file's layout without importing it. The wizard shows every error itself, next to the file. */
export function useInspectFile() {
  return useEngineMutation((request: InspectRequest) => call("import_inspect", { request }), { handledCodes: "all" });
}

export function useStartImport() {
  const client = useQueryClient();
  return useEngineMutation((request: ImportRequest) => call("import_start", { request }), {
    errorTitle: "The import did not start",
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.importsAll });
      void client.invalidateQueries({ queryKey: queryKeys.jobsAll });
    },
  });
}

export function useImportReport(importId: number | null, issueLimit = 200) {
  return useQuery({
    queryKey: queryKeys.importReport(importId ?? -1, issueLimit),
    queryFn: () => call("import_report", { import_id: importId!, issue_limit: issueLimit }),
    enabled: importId !== null,
  });
}

export function useImports(workspaceId: number) {
  return useQuery({ queryKey: queryKeys.imports(workspaceId), queryFn: () => call("import_list", { workspace_id: workspaceId }) });
}

export function useExportIssues() {
  return useEngineMutation((v: { import_id: number; dest_path: string }) => call("import_export_issues", v), {
    errorTitle: "The issues were not saved",
  });
}
