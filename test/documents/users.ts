import { graphql } from '../generated/gql.js';

export const UserNameQuery = graphql(`
  query UserName($platform: Platform!, $username: String!) {
    user(platform: $platform, username: $username) {
      username
    }
  }
`);

export const UserSourceQuery = graphql(`
  query UserSource($platform: Platform!, $username: String!) {
    user(platform: $platform, username: $username) {
      source
    }
  }
`);

export const UserAndPostSourcesQuery = graphql(`
  query UserAndPostSources($platform: Platform!, $username: String!, $first: Int!) {
    user(platform: $platform, username: $username) {
      source
      posts(first: $first) {
        edges {
          node {
            source
          }
        }
      }
    }
  }
`);

export const UserPostIdsQuery = graphql(`
  query UserPostIds($platform: Platform!, $username: String!, $first: Int!, $after: String) {
    user(platform: $platform, username: $username) {
      username
      posts(first: $first, after: $after) {
        edges {
          cursor
          node {
            id
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

export const UserPostsBesideProvidersQuery = graphql(`
  query UserPostsBesideProviders($platform: Platform!, $username: String!) {
    user(platform: $platform, username: $username) {
      username
      posts(first: 2) {
        edges {
          cursor
        }
      }
    }
    providers {
      id
    }
  }
`);

export const UsersNamesQuery = graphql(`
  query UsersNames($platform: Platform!, $usernames: [String!]!) {
    users(platform: $platform, usernames: $usernames) {
      username
    }
  }
`);

export const UsersFirstPostsQuery = graphql(`
  query UsersFirstPosts($platform: Platform!, $usernames: [String!]!) {
    users(platform: $platform, usernames: $usernames) {
      username
      posts(first: 5) {
        edges {
          node {
            id
          }
        }
      }
    }
  }
`);

export const ProviderStatusQuery = graphql(`
  query ProviderStatus {
    providers {
      id
      circuit
      lastErrorCode
    }
  }
`);

export const PostSourceQuery = graphql(`
  query PostSource($platform: Platform!, $id: ID!) {
    post(platform: $platform, id: $id) {
      nativeId
      text
      source
    }
  }
`);

export const UserPostTimesQuery = graphql(`
  query UserPostTimes($platform: Platform!, $username: String!, $first: Int!) {
    user(platform: $platform, username: $username) {
      posts(first: $first) {
        edges {
          node {
            nativeId
            createdAt
          }
        }
        pageInfo {
          hasNextPage
        }
      }
    }
  }
`);

export const UserPostsInWindowQuery = graphql(`
  query UserPostsInWindow($platform: Platform!, $username: String!, $size: Int!, $cursor: String, $since: DateTime, $until: DateTime) {
    user(platform: $platform, username: $username) {
      posts(first: $size, after: $cursor, since: $since, until: $until) {
        edges {
          cursor
          node {
            nativeId
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

export const ProviderCircuitsQuery = graphql(`
  query ProviderCircuits {
    providers {
      id
      circuit
    }
  }
`);

export const PostTextQuery = graphql(`
  query PostText($platform: Platform!, $id: ID!) {
    post(platform: $platform, id: $id) {
      text
    }
  }
`);

export const UsersIdsQuery = graphql(`
  query UsersIds($platform: Platform!, $usernames: [String!]!) {
    users(platform: $platform, usernames: $usernames) {
      id
    }
  }
`);
