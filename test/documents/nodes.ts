import { graphql } from '../generated/gql.js';

export const NodeQuery = graphql(`
  query Node($id: ID!) {
    node(id: $id) {
      id
      __typename
      ... on User {
        username
      }
      ... on Post {
        nativeId
        author {
          username
        }
      }
      ... on Thread {
        root {
          nativeId
        }
      }
    }
  }
`);

export const NodesQuery = graphql(`
  query Nodes($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      ... on User {
        username
      }
      ... on Post {
        nativeId
      }
    }
  }
`);

export const TimelineIdsQuery = graphql(`
  query TimelineIds($platform: Platform!, $username: String!, $first: Int!, $withThread: Boolean!) {
    user(platform: $platform, username: $username) {
      id
      posts(first: $first) {
        edges {
          node {
            id
            nativeId
            thread @include(if: $withThread) {
              id
            }
          }
        }
      }
    }
  }
`);

export const PostNodeBesideTimelineQuery = graphql(`
  query PostNodeBesideTimeline($id: ID!, $platform: Platform!, $username: String!, $first: Int!) {
    node(id: $id) {
      ... on Post {
        nativeId
      }
    }
    user(platform: $platform, username: $username) {
      posts(first: $first) {
        edges {
          node {
            nativeId
          }
        }
      }
    }
  }
`);

export const NodeAndNodesByIdQuery = graphql(`
  query NodeAndNodesById($id: ID!) {
    node(id: $id) {
      id
    }
    nodes(ids: [$id]) {
      id
    }
  }
`);

export const NodesUserPostTextsQuery = graphql(`
  query NodesUserPostTexts($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on User {
        posts(first: 20) {
          edges {
            node {
              text
            }
          }
        }
      }
    }
  }
`);
