import { describe, expect, it } from "vitest";
import { methodName, pascalName } from "../src/index.js";
import { loadFile, prepare } from "../src/index.js";
import { namedTypes } from "../src/emit/named-types.js";
import { FIXTURES } from "./helpers/workspace.js";
import { join } from "node:path";

describe("methodName", () => {
  it.each([
    ["events_list", "eventsList"],
    ["events", "events"],
    ["ListEvents", "listEvents"],
    ["ListEventsV1", "listEventsV1"],
    ["get-events-logs", "getEventsLogs"],
    ["get_all_events", "getAllEvents"],
    ["HTTPGetThing", "httpGetThing"],
    ["2fa_reset", "_2faReset"],
  ])("%s → %s", (given, want) => expect(methodName(given)).toBe(want));
});

describe("pascalName", () => {
  it.each([
    ["mem0", "Mem0"],
    ["opal", "Opal"],
    ["my-vendor", "MyVendor"],
  ])("%s → %s", (given, want) => expect(pascalName(given)).toBe(want));
});

describe("model of the features fixture", async () => {
  const dir = join(FIXTURES, "features");
  const { model } = await prepare({
    vendor: "features",
    document: loadFile(join(dir, "openapi.yaml")),
    overlay: loadFile(join(dir, "overlay.yaml")),
    source: "fixture",
  });
  const op = (name: string) => model.spec.operations[name]!;

  it.each([
    ["listItems", { method: "get", path: "/items", safe: true, security: [["keyAuth"]] }],
    ["readItem", { operationId: "GetItem", method: "get", path: "/items/{id}", safe: true, security: [["keyAuth"]] }],
    ["searchItems", { method: "post", path: "/search", safe: true, security: [["basicAuth"], ["bearerAuth"]] }],
  ])("operation %s", (name, want) => expect(op(name)).toMatchObject(want));

  it("reads pagination from x-pagination, including body parameters", () => {
    expect(op("listItems").pagination).toEqual({
      cursorParam: "cursor",
      cursorPath: "meta.next",
      limitParam: "limit",
      resultsPath: "data",
    });
    expect(op("searchItems").pagination).toEqual({
      pageParam: "body.page",
      pageStart: 1,
      pageSize: 20,
      resultsPath: "hits",
    });
    expect(op("readItem").pagination).toBeUndefined();
  });

  it.each([
    ["keyAuth", { type: "apiKey", in: "header", name: "X-Key", prefix: "Key ", env: "FEATURES_KEY" }],
    ["basicAuth", { type: "http", scheme: "basic", passwordDigest: "md5" }],
    ["bearerAuth", { type: "http", scheme: "bearer" }],
  ])("security scheme %s", (name, want) => expect(model.spec.securitySchemes[name]).toEqual(want));

  it("keeps every server and its variables", () => {
    expect(model.spec.servers).toEqual([
      {
        url: "https://{region}.example.test/api",
        variables: { region: { default: "eu", enum: ["eu", "us"], env: "FEATURES_REGION" } },
      },
      { url: "http://localhost:9000" },
    ]);
  });

  it("names each operation's types and each schema after the vendor, keeping the package's own names", () => {
    const { operations, schemas } = namedTypes(model, {
      components: { schemas: { Item: {}, item_list: {}, Client: {}, client: {}, FeaturesThing: {} } },
    });
    expect(operations.map((o) => o.name)).toEqual([
      "FeaturesListItemsParams",
      "FeaturesListItemsResponse",
      "FeaturesListItemsItem",
      "FeaturesReadItemParams",
      "FeaturesReadItemResponse",
      "FeaturesSearchItemsParams",
      "FeaturesSearchItemsResponse",
      "FeaturesSearchItemsItem",
    ]);
    expect(schemas).toEqual([
      { name: "FeaturesItem", schema: "Item" },
      { name: "FeaturesItemList", schema: "item_list" },
      { name: "FeaturesClientSchema", schema: "Client" },
      { name: "FeaturesClientSchema2", schema: "client" },
      { name: "FeaturesThing", schema: "FeaturesThing" },
    ]);
  });
});
